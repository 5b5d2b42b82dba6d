/**
 * TMS Assistant chat widget: one <script> tag plus `window.TMSAssistantConfig`.
 *
 * Talks to Rasa's socket.io channel (session_persistence: true). Every node is built with
 * createElement/textContent, never innerHTML with message text, so neither the person nor the bot
 * can inject markup; links are made only from http(s) URLs. Styles live in a shadow root so the
 * host page's CSS cannot break the widget (or the other way round).
 */
import { io, Socket } from "socket.io-client";
import css from "./widget.css";

export interface WidgetConfig {
  /** Rasa server as the browser sees it, e.g. "https://bot.clinic.example". */
  serverUrl?: string;
  clinicName?: string;
  colors?: { primary?: string };
  /** Rasa's socketio_path (credentials.yml); default "/socket.io". */
  socketPath?: string;
  /** Sent, not shown, the first time a visitor opens the chat, so the bot greets them; "" for none. */
  initPayload?: string;
}

interface Choice {
  title: string;
  payload: string;
}

interface Entry {
  from: "user" | "bot";
  text: string;
  choices?: Choice[];
}

interface BotMessage {
  text?: string;
  quick_replies?: Choice[];
  buttons?: Choice[];
}

declare global {
  interface Window {
    TMSAssistantConfig?: WidgetConfig;
    TMSAssistant?: { open(): void; close(): void };
  }
}

const MAX_ENTRIES = 200; // the transcript kept for a reload; older turns stay in Rasa only
const DEFAULT_PRIMARY = "#0b5c57";
const URL_PATTERN = /https?:\/\/[^\s<>"']+/gi;
const TRAILING_PUNCTUATION = /[.,;:!?)\]}'"]+$/;

/** Storage can be missing or throw (privacy modes, blocked cookies); the chat still works without it. */
function storage(kind: "localStorage" | "sessionStorage"): Storage | null {
  try {
    return window[kind];
  } catch {
    return null;
  }
}

function read(area: Storage | null, key: string): string | null {
  try {
    return area ? area.getItem(key) : null;
  } catch {
    return null;
  }
}

function write(area: Storage | null, key: string, value: string | null): void {
  try {
    if (area && value === null) area.removeItem(key);
    else if (area && value !== null) area.setItem(key, value);
  } catch {
    /* full or blocked: the conversation simply won't survive a reload */
  }
}

function randomId(): string {
  // crypto.randomUUID needs a secure context; getRandomValues works on plain http (local demos) too.
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

function luminance(hex: string): number {
  const digits = hex.length === 4 ? hex.slice(1).replace(/./g, "$&$&") : hex.slice(1);
  const [r, g, b] = [0, 2, 4].map((i) => {
    const c = parseInt(digits.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** White or black, whichever reads better on `background` (one of them always reaches 4.5:1). */
function textOn(background: string): string {
  const l = luminance(background);
  return (1.05 / (l + 0.05)) >= ((l + 0.05) / 0.05) ? "#ffffff" : "#000000";
}

function safeColor(value: string | undefined): string {
  return value && /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.test(value.trim()) ? value.trim() : DEFAULT_PRIMARY;
}

function httpUrl(candidate: string): string | null {
  try {
    const url = new URL(candidate);
    return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
  } catch {
    return null;
  }
}

/** Appends `text` to `parent`, turning http(s) URLs into links; everything else stays a text node. */
function appendLinkified(parent: HTMLElement, text: string): void {
  let last = 0;
  for (const match of text.matchAll(URL_PATTERN)) {
    const start = match.index ?? 0;
    const raw = match[0].replace(TRAILING_PUNCTUATION, "");
    const href = httpUrl(raw);
    if (!href) continue;
    parent.append(document.createTextNode(text.slice(last, start)));
    const link = document.createElement("a");
    link.href = href;
    link.textContent = raw;
    link.target = "_blank";
    link.rel = "noopener noreferrer";
    parent.append(link);
    last = start + raw.length;
  }
  parent.append(document.createTextNode(text.slice(last)));
}

function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Record<string, string> = {},
  text?: string,
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  if (text !== undefined) node.textContent = text;
  return node;
}

class ChatWidget {
  private readonly serverUrl: string;
  private readonly keys: { session: string; transcript: string; open: string };
  private readonly sessionId: string;
  private entries: Entry[];
  private socket: Socket | null = null;
  /** Messages wait for session_confirm: Rasa answers into the session's room, joined on session_request. */
  private confirmed = false;
  private pending: string[] = [];
  private greeted = false;
  private readonly launcher: HTMLButtonElement;
  private readonly panel: HTMLElement;
  private readonly log: HTMLOListElement;
  private readonly live: HTMLElement;
  private readonly status: HTMLElement;
  private readonly input: HTMLInputElement;

  constructor(private readonly config: WidgetConfig) {
    this.serverUrl = (config.serverUrl || window.location.origin).replace(/\/+$/, "");
    const prefix = `tms-assistant:${this.serverUrl}:`;
    this.keys = { session: prefix + "session", transcript: prefix + "transcript", open: prefix + "open" };
    const storedSession = read(storage("localStorage"), this.keys.session);
    this.sessionId = storedSession || randomId();
    write(storage("localStorage"), this.keys.session, this.sessionId);
    this.entries = this.loadTranscript();

    const clinic = config.clinicName || "Our clinic";
    const primary = safeColor(config.colors?.primary);
    const host = el("div", { "data-tms-assistant": "" });
    host.style.setProperty("--tms-primary", primary);
    host.style.setProperty("--tms-on-primary", textOn(primary));
    const root = host.attachShadow({ mode: "open" });
    root.append(el("style", {}, css));

    this.launcher = el("button", { type: "button", class: "launcher", "aria-expanded": "false", "aria-controls": "panel" }, `Chat with ${clinic}`);
    this.panel = el("section", { id: "panel", class: "panel", role: "dialog", "aria-modal": "false", "aria-labelledby": "title" });
    this.panel.hidden = true;
    const header = el("div", { class: "header" });
    const close = el("button", { type: "button", class: "close", "aria-label": "Close chat" }, "×");
    header.append(el("h2", { id: "title" }, `${clinic} assistant`), close);
    const crisis = el("p", { class: "crisis" }, "In crisis? Call or text ");
    crisis.append(el("a", { href: "tel:988" }, "988"), document.createTextNode(" any time."));
    const note = el("p", { class: "note" }, "Automated assistant, not a clinician. Not monitored live.");
    this.log = el("ol", { class: "log", "aria-label": "Conversation" });
    this.status = el("p", { class: "status", role: "status" });
    const form = el("form", { class: "composer" });
    this.input = el("input", { id: "message", type: "text", autocomplete: "off", maxlength: "1000", placeholder: "Type your question" });
    form.append(el("label", { for: "message", class: "visually-hidden" }, "Message"), this.input,
      el("button", { type: "submit", class: "send" }, "Send"));
    this.panel.append(header, crisis, note, this.log, this.status, form);
    // Outside the panel, so new bot messages are announced even while the chat is closed.
    this.live = el("div", { class: "visually-hidden", "aria-live": "polite", "data-role": "announcements" });
    root.append(this.panel, this.launcher, this.live);
    document.body.append(host);

    this.launcher.addEventListener("click", () => (this.panel.hidden ? this.open() : this.close()));
    close.addEventListener("click", () => this.close());
    this.panel.addEventListener("keydown", (event) => {
      if (event.key === "Escape") this.close();
    });
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const text = this.input.value.trim();
      if (!text) return;
      this.input.value = "";
      this.send(text, text);
    });

    this.entries.forEach((entry, index) => this.render(entry, index === this.entries.length - 1));
    if (read(storage("sessionStorage"), this.keys.open) === "1") this.open(false);
    else if (storedSession) this.connect(); // a returning visitor still gets staff replies and pushes
  }

  open(focus = true): void {
    this.panel.hidden = false;
    this.launcher.setAttribute("aria-expanded", "true");
    this.launcher.classList.remove("unread");
    write(storage("sessionStorage"), this.keys.open, "1");
    this.connect();
    if (this.entries.length === 0 && !this.greeted && this.config.initPayload !== "") {
      this.greeted = true;
      this.emit(this.config.initPayload || "/greet");
    }
    this.scrollToEnd();
    if (focus) this.input.focus();
  }

  close(): void {
    if (this.panel.hidden) return;
    this.panel.hidden = true;
    this.launcher.setAttribute("aria-expanded", "false");
    write(storage("sessionStorage"), this.keys.open, "0");
    this.launcher.focus();
  }

  private connect(): void {
    if (this.socket) return;
    // WebSocket first: no sticky sessions needed behind a load balancer; long-polling if it is blocked.
    // `lb` lets nginx keep one conversation on one Rasa replica (docs/production.md).
    const socket = io(this.serverUrl, {
      path: this.config.socketPath || "/socket.io",
      query: { lb: this.sessionId },
      transports: ["websocket", "polling"],
      tryAllTransports: true,
    });
    socket.on("connect", () => {
      this.status.textContent = "";
      socket.emit("session_request", { session_id: this.sessionId });
    });
    socket.on("session_confirm", () => {
      this.confirmed = true;
      this.pending.splice(0).forEach((payload) => this.emit(payload));
    });
    socket.on("disconnect", () => {
      this.confirmed = false;
    });
    socket.on("connect_error", () => {
      this.status.textContent = "Can't reach the assistant; trying again. In crisis? Call or text 988.";
    });
    socket.on("bot_uttered", (message: BotMessage) => this.receive(message));
    this.socket = socket;
  }

  private emit(payload: string): void {
    this.connect();
    if (this.confirmed && this.socket?.connected) {
      this.socket.emit("user_uttered", { message: payload, session_id: this.sessionId });
    } else {
      this.pending.push(payload);
    }
  }

  /** Sends `payload` (a button's may be "/intent") and shows `shown` as what the person said. */
  private send(payload: string, shown: string): void {
    this.entries.forEach((entry) => delete entry.choices); // earlier choices no longer apply
    this.log.querySelectorAll(".choices").forEach((group) => group.remove());
    this.add({ from: "user", text: shown });
    this.emit(payload);
  }

  private receive(message: BotMessage): void {
    const choices = (message.quick_replies || message.buttons || []).filter(
      (c) => c && typeof c.title === "string" && typeof c.payload === "string",
    );
    const text = typeof message.text === "string" ? message.text : "";
    if (!text && choices.length === 0) return;
    this.add({ from: "bot", text, choices: choices.length ? choices : undefined });
    const said = el("p", {}, `${this.config.clinicName || "Clinic"} assistant: ${text}`);
    this.live.append(said);
    while (this.live.childElementCount > 3) this.live.firstElementChild?.remove();
    if (this.panel.hidden) this.launcher.classList.add("unread");
  }

  private add(entry: Entry): void {
    this.entries.push(entry);
    this.entries = this.entries.slice(-MAX_ENTRIES);
    write(storage("sessionStorage"), this.keys.transcript, JSON.stringify(this.entries));
    this.render(entry, true);
  }

  private render(entry: Entry, latest: boolean): void {
    const item = el("li", { class: `message ${entry.from}` });
    item.append(el("span", { class: "visually-hidden" }, entry.from === "bot" ? "Assistant: " : "You: "));
    const bubble = el("p", { class: "bubble" });
    if (entry.from === "bot") appendLinkified(bubble, entry.text);
    else bubble.textContent = entry.text;
    if (entry.text) item.append(bubble);
    if (latest && entry.choices?.length) {
      const group = el("div", { class: "choices", role: "group", "aria-label": "Suggested replies" });
      for (const choice of entry.choices) {
        const button = el("button", { type: "button", class: "choice" }, choice.title);
        button.addEventListener("click", () => {
          this.send(choice.payload, choice.title);
          this.input.focus(); // the clicked button is gone; keep keyboard users in the conversation
        });
        group.append(button);
      }
      item.append(group);
    }
    this.log.append(item);
    this.scrollToEnd();
  }

  private scrollToEnd(): void {
    this.log.scrollTop = this.log.scrollHeight;
  }

  private loadTranscript(): Entry[] {
    try {
      const parsed: unknown = JSON.parse(read(storage("sessionStorage"), this.keys.transcript) || "[]");
      if (!Array.isArray(parsed)) return [];
      return parsed.filter(
        (e): e is Entry => e && (e.from === "user" || e.from === "bot") && typeof e.text === "string",
      );
    } catch {
      return [];
    }
  }
}

function start(): void {
  if (window.TMSAssistant) return; // the script was included twice
  const widget = new ChatWidget(window.TMSAssistantConfig || {});
  window.TMSAssistant = { open: () => widget.open(), close: () => widget.close() };
  document.querySelectorAll<HTMLElement>("[data-tms-open]").forEach((trigger) =>
    trigger.addEventListener("click", (event) => {
      event.preventDefault();
      widget.open();
    }),
  );
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
else start();
