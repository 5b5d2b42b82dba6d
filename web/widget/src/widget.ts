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
  /** The web app that serves /chat/history (the conversation on load, with staff replies sent while away);
   * default: this page's origin. */
  historyUrl?: string;
  /** Crisis numbers and the tappable actions under a crisis reply, from data/safety/hotlines.yml
   * (the web app fills this in; numbers are never written into the widget itself). */
  hotlines?: Hotlines;
  /** Sent, not shown, the first time a visitor opens the chat, so the bot greets them; "" for none. */
  initPayload?: string;
}

interface Action {
  label: string;
  href: string;
}

interface Hotlines {
  lifeline: string;
  emergency: string;
  /** Per language ("en", "es"): call, text, chat and emergency links. */
  actions: Record<string, Action[]>;
}

interface Choice {
  title: string;
  payload: string;
}

/** Sent with each pre-screen question (bot/web/prescreen.py, through the build): no copy of the questions here. */
interface Prescreen {
  number: number;
  total: number;
  /** The message box's placeholder while this question waits for an answer. */
  placeholder?: string;
  /** What a Skip button sends, on questions the questionnaire lets people skip. */
  skip?: string;
  /** The PHQ-9 lead-in that starts the question's text, shown set apart from the item. */
  lead?: string;
}

interface Entry {
  from: "user" | "bot" | "staff" | "notice";
  text: string;
  choices?: Choice[];
  /** The clinic team member who wrote a "staff" entry. */
  staff?: string;
  /** A crisis reply's language: its call/text/chat buttons are shown under it. */
  crisis?: string;
  /** When it was said (ms since 1970); shown as a time under the message. */
  at?: number;
  /** A pre-screen question: its number, Skip and placeholder. */
  prescreen?: Prescreen;
}

/** One message of /chat/history (bot/staff/replies.py). */
interface Shown {
  sender: "user" | "bot" | "staff" | "notice";
  text: string;
  staff: string | null;
  choices: Choice[];
  crisis: string | null;
  at: number;
  prescreen?: unknown;
}

interface BotMessage {
  text?: string;
  quick_replies?: Choice[];
  buttons?: Choice[];
  /** A pre-screen question's data, emitted by Rasa right after the question itself. */
  prescreen?: unknown;
}

declare global {
  interface Window {
    TMSAssistantConfig?: WidgetConfig;
    TMSAssistant?: { open(): void; close(): void };
  }
}

/** A pre-screen question's number comes in a message of its own just after its text: a bot message is
 * announced this much later, so a question and its number are announced once, together. */
const ANNOUNCE_WAIT_MS = 250;
const SYNC_DELAY_MS = 400; // after a live message: confirm delivery and learn whether staff wrote it
const SYNC_RETRY_MS = 300;
const TYPING_MS = 10000; // the indicator never outstays a reply that is not coming
const POLL_MS = 4000; // while the chat is open: staff joining or leaving shows within seconds
const AUTOMATED_NOTE = "Automated assistant, not a clinician. Not monitored live.";
const DEFAULT_PLACEHOLDER = "Type your question";
const MAX_SYNC_RETRIES = 8;
const MAX_ENTRIES = 200; // the transcript kept for a reload; older turns stay in Rasa only
const DEFAULT_PRIMARY = "#0b5c57";
const URL_PATTERN = /https?:\/\/[^\s<>"']+/gi;
const PHONE_PATTERN = /(?:\+?1[ .-]?)?\(?\b\d{3}\)?[ .-]?\d{3}[ .-]\d{4}\b/;
const EMAIL_PATTERN = /\b[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b/;
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

/** Appends `text` to `parent`, turning http(s) URLs, e-mail addresses and phone numbers (ten-digit ones and
 * the crisis lines in `short`) into links; everything else stays a text node. */
function appendLinkified(parent: HTMLElement, text: string, short: string[] = []): void {
  const numbers = short.filter((n) => /^\d{3,6}$/.test(n));
  const pattern = new RegExp(`(${URL_PATTERN.source})|(${EMAIL_PATTERN.source})|(${PHONE_PATTERN.source})` +
    (numbers.length ? `|\\b(${numbers.join("|")})\\b` : ""), "gi");
  let last = 0;
  for (const match of text.matchAll(pattern)) {
    const start = match.index ?? 0;
    let link: HTMLAnchorElement;
    let raw = match[0];
    if (match[1]) {
      raw = raw.replace(TRAILING_PUNCTUATION, "");
      const href = httpUrl(raw);
      if (!href) continue;
      link = el("a", { href, target: "_blank", rel: "noopener noreferrer" }, raw);
    } else if (match[2]) {
      link = el("a", { href: `mailto:${raw}` }, raw);
    } else {
      link = el("a", { href: `tel:${dialable(raw)}` }, raw);
    }
    parent.append(document.createTextNode(text.slice(last, start)), link);
    last = start + raw.length;
  }
  parent.append(document.createTextNode(text.slice(last)));
}

/** A pre-screen question's data as sent, or undefined when it is not well formed. */
function prescreenOf(value: unknown): Prescreen | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const data = value as Record<string, unknown>;
  if (typeof data.number !== "number" || typeof data.total !== "number") return undefined;
  const text = (key: string): string | undefined => (typeof data[key] === "string" ? (data[key] as string) : undefined);
  return { number: data.number, total: data.total, placeholder: text("placeholder"), skip: text("skip"), lead: text("lead") };
}

function dialable(number: string): string {
  return number.replace(/[^\d+]/g, "");
}

/** Call, text, chat and emergency links under a crisis reply; only tel:, sms: and https: links are made. */
function crisisActions(actions: Action[], label: string): HTMLElement {
  const group = el("div", { class: "crisis-actions", role: "group", "aria-label": label });
  for (const action of actions) {
    if (typeof action.href !== "string" || !/^(tel:|sms:|https:)/.test(action.href)) continue;
    const link = el("a", { class: "action", href: action.href }, action.label);
    if (action.href.startsWith("https:")) {
      link.target = "_blank";
      link.rel = "noopener noreferrer";
    }
    group.append(link);
  }
  return group;
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
  /** Settles once a returning visitor's history has been fetched (or could not be). */
  private loaded: Promise<void> = Promise.resolve();
  private syncTimer: number | undefined;
  private pollTimer: number | undefined;
  private readonly note: HTMLElement;
  private readonly typing: HTMLElement;
  private typingTimer: number | undefined;
  private staffHere = false;
  private pendingSaid: { who: string; text: string; timer: number } | undefined;
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
    const crisis = el("p", { class: "crisis" });
    const lifeline = config.hotlines?.lifeline;
    if (lifeline) {
      crisis.append("In crisis? Call or text ", el("a", { href: `tel:${dialable(lifeline)}` }, lifeline), " any time.");
    } else {
      crisis.hidden = true;
    }
    const note = el("p", { class: "note", "data-role": "who-answers" }, AUTOMATED_NOTE);
    this.note = note;
    this.log = el("ol", { class: "log", "aria-label": "Conversation" });
    this.status = el("p", { class: "status", role: "status" });
    this.typing = el("p", { class: "typing" }, "Assistant is typing");
    this.typing.append(el("span", { class: "dots", "aria-hidden": "true" }, "…"));
    this.typing.hidden = true;
    const form = el("form", { class: "composer" });
    this.input = el("input", { id: "message", type: "text", autocomplete: "off", maxlength: "1000", placeholder: DEFAULT_PLACEHOLDER });
    form.append(el("label", { for: "message", class: "visually-hidden" }, "Message"), this.input,
      el("button", { type: "submit", class: "send" }, "Send"));
    this.panel.append(header, crisis, note, this.log, this.typing, this.status, form);
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

    this.renderAll();
    if (storedSession) this.loaded = this.sync();
    if (read(storage("sessionStorage"), this.keys.open) === "1") this.open(false);
    else if (storedSession) this.connect(); // a returning visitor still gets staff replies and pushes
  }

  /** Fetches the stored conversation (which tells the server the widget has any waiting staff replies)
   * and shows it when it differs from what is on screen; seen when the panel is open. */
  private async sync(attempt = 0): Promise<void> {
    const base = (this.config.historyUrl || window.location.origin).replace(/\/+$/, "");
    const seen = !this.panel.hidden && document.visibilityState === "visible";
    try {
      const response = await fetch(`${base}/chat/history?session=${this.sessionId}&seen=${seen ? 1 : 0}`,
        { credentials: "omit", headers: { Accept: "application/json" } });
      if (!response.ok) return;
      const body: { messages?: Shown[]; staff?: string | null } = await response.json();
      this.showWhoAnswers(body.staff || null);
      const stored: Entry[] = (body.messages || []).filter((m) => m && typeof m.text === "string").map((m) => ({
        from: m.sender === "staff" || m.sender === "user" || m.sender === "notice" ? m.sender : "bot",
        text: m.text,
        staff: m.staff || undefined,
        choices: m.choices && m.choices.length ? m.choices : undefined,
        crisis: m.crisis || undefined,
        at: typeof m.at === "number" ? m.at * 1000 : undefined,
        prescreen: prescreenOf(m.prescreen),
      }));
      if (stored.length === 0 || this.same(stored)) return;
      if (stored.length < this.entries.length) {
        // Rasa stores a turn after sending it: the server is behind what is on screen, so ask again soon.
        if (attempt < MAX_SYNC_RETRIES) this.scheduleSync(attempt + 1);
        return;
      }
      const known = this.entries.length;
      this.entries = stored.slice(-MAX_ENTRIES);
      write(storage("sessionStorage"), this.keys.transcript, JSON.stringify(this.entries));
      this.renderAll();
      // Announce what arrived through the history (staff joined or left, a reply from while away).
      stored.slice(known).filter((e) => e.from === "notice" || e.from === "staff").forEach((e) => this.announce(e));
    } catch {
      /* offline or blocked: the local transcript stays; the next message tries again */
    }
  }

  /** The header line: the automated assistant, or the team member who holds the conversation now. */
  private showWhoAnswers(staff: string | null): void {
    this.note.textContent = staff ? `A team member is here: ${staff} from the clinic.` : AUTOMATED_NOTE;
    this.note.classList.toggle("staff-here", staff !== null);
    this.staffHere = staff !== null;
  }

  private announce(entry: Entry): void {
    const who = entry.from === "staff" ? `${entry.staff || "Clinic team"}, clinic team: ` : "";
    this.flushSaid();
    this.say(who + entry.text);
  }

  private say(text: string): void {
    this.live.append(el("p", {}, text));
    while (this.live.childElementCount > 3) this.live.firstElementChild?.remove();
  }

  /** A bot message, announced after ANNOUNCE_WAIT_MS unless a pre-screen number for it arrives first. */
  private sayLater(who: string, text: string): void {
    this.flushSaid();
    this.pendingSaid = { who, text, timer: window.setTimeout(() => this.flushSaid(), ANNOUNCE_WAIT_MS) };
  }

  /** Announces the waiting bot message, with "Question N of M." before its text when it is a question. */
  private flushSaid(progress = ""): void {
    const pending = this.pendingSaid;
    if (!pending) {
      if (progress) this.say(progress); // the number came late: said on its own, the question is not repeated
      return;
    }
    window.clearTimeout(pending.timer);
    this.pendingSaid = undefined;
    this.say(`${pending.who}${progress ? `${progress}. ` : ""}${pending.text}`);
  }

  private showTyping(on: boolean): void {
    window.clearTimeout(this.typingTimer);
    this.typing.hidden = !on;
    if (on) this.typingTimer = window.setTimeout(() => (this.typing.hidden = true), TYPING_MS);
  }

  private same(stored: Entry[]): boolean {
    return stored.length === this.entries.length &&
      stored.every((e, i) => e.from === this.entries[i].from && e.text === this.entries[i].text &&
        (e.crisis || "") === (this.entries[i].crisis || ""));
  }

  private scheduleSync(attempt = 0): void {
    window.clearTimeout(this.syncTimer);
    this.syncTimer = window.setTimeout(() => void this.sync(attempt), attempt === 0 ? SYNC_DELAY_MS : SYNC_RETRY_MS);
  }

  private renderAll(): void {
    this.log.replaceChildren();
    this.entries.forEach((entry, index) => this.render(entry, index === this.entries.length - 1));
    this.reveal();
    this.fitPlaceholder();
  }

  /** The message box says what the current pre-screen question wants ("Your age"), else "Type your question". */
  private fitPlaceholder(): void {
    const latest = [...this.entries].reverse().find((e) => e.from === "bot" || e.from === "staff");
    this.input.placeholder = latest?.prescreen?.placeholder || DEFAULT_PLACEHOLDER;
  }

  open(focus = true): void {
    this.panel.hidden = false;
    this.launcher.setAttribute("aria-expanded", "true");
    this.launcher.classList.remove("unread");
    write(storage("sessionStorage"), this.keys.open, "1");
    this.connect();
    void this.loaded.then(() => {
      if (this.entries.length === 0 && !this.greeted && this.config.initPayload !== "") {
        this.greeted = true;
        this.emit(this.config.initPayload || "/greet");
      }
    });
    this.scheduleSync(); // the replies waiting on screen are now seen
    window.clearInterval(this.pollTimer);
    this.pollTimer = window.setInterval(() => {
      if (document.visibilityState === "visible") void this.sync();
    }, POLL_MS);
    this.reveal();
    if (focus) this.input.focus();
  }

  close(): void {
    if (this.panel.hidden) return;
    this.panel.hidden = true;
    window.clearInterval(this.pollTimer);
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
      const lifeline = this.config.hotlines?.lifeline;
      this.status.textContent = "Can't reach the assistant; trying again." +
        (lifeline ? ` In crisis? Call or text ${lifeline}.` : "");
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
    this.add({ from: "user", text: shown, at: Date.now() });
    this.emit(payload);
    if (!this.staffHere) this.showTyping(true); // while staff hold the chat the bot stays quiet
  }

  private receive(message: BotMessage): void {
    const prescreen = prescreenOf(message.prescreen);
    if (prescreen) return this.markQuestion(prescreen);
    const choices = (message.quick_replies || message.buttons || []).filter(
      (c) => c && typeof c.title === "string" && typeof c.payload === "string",
    );
    const text = typeof message.text === "string" ? message.text : "";
    if (!text && choices.length === 0) return;
    this.showTyping(false);
    this.add({ from: "bot", text, choices: choices.length ? choices : undefined, at: Date.now() });
    this.sayLater(`${this.config.clinicName || "Clinic"} assistant: `, text);
    if (this.panel.hidden) this.launcher.classList.add("unread");
    // A message naming the lifeline may be a crisis reply: fetch its call/text buttons at once.
    const lifeline = this.config.hotlines?.lifeline;
    window.clearTimeout(this.syncTimer);
    this.syncTimer = window.setTimeout(() => void this.sync(), lifeline && text.includes(lifeline) ? 50 : SYNC_DELAY_MS);
  }

  /** The question just shown is a pre-screen question: number it, offer Skip, fit the placeholder. */
  private markQuestion(prescreen: Prescreen): void {
    const latest = this.entries[this.entries.length - 1];
    if (!latest || latest.from !== "bot") return;
    latest.prescreen = prescreen;
    this.flushSaid(progressText(prescreen));
    write(storage("sessionStorage"), this.keys.transcript, JSON.stringify(this.entries));
    this.log.lastElementChild?.remove();
    this.render(latest, true);
    this.reveal();
    this.fitPlaceholder();
  }

  private add(entry: Entry): void {
    this.entries.push(entry);
    this.entries = this.entries.slice(-MAX_ENTRIES);
    write(storage("sessionStorage"), this.keys.transcript, JSON.stringify(this.entries));
    this.render(entry, true);
    this.reveal();
    this.fitPlaceholder();
  }

  private render(entry: Entry, latest: boolean): void {
    const item = el("li", { class: `message ${entry.from}` });
    if (entry.from === "notice") {
      item.append(el("p", { class: "notice-text" }, entry.text));
      this.log.append(item);
      return;
    }
    if (entry.from === "staff") {
      const who = entry.staff ? `${entry.staff}, clinic team` : "Clinic team";
      item.append(el("p", { class: "sender" }, who), el("span", { class: "visually-hidden" }, ": "));
    } else {
      item.append(el("span", { class: "visually-hidden" }, entry.from === "bot" ? "Assistant: " : "You: "));
    }
    const question = entry.from === "bot" ? entry.prescreen : undefined;
    if (question) item.append(el("p", { class: "progress" }, progressText(question)));
    const bubble = el("p", { class: "bubble" });
    const hotlines = this.config.hotlines;
    let text = entry.text;
    if (question?.lead && text.startsWith(question.lead)) {
      // "Over the last 2 weeks, how often have you been bothered by ..." on its own line, the item after it.
      bubble.append(el("span", { class: "lead" }, question.lead), "\n");
      text = text.slice(question.lead.length).replace(/^\s+/, "");
      const itemText = el("strong", { class: "item" });
      appendLinkified(itemText, text);
      bubble.append(itemText);
    } else if (entry.from !== "user") {
      appendLinkified(bubble, text, hotlines ? [hotlines.lifeline, hotlines.emergency] : []);
    } else {
      bubble.textContent = text;
    }
    if (entry.text) item.append(bubble);
    const actions = entry.crisis ? this.config.hotlines?.actions?.[entry.crisis] : undefined;
    if (actions?.length) item.append(crisisActions(actions, entry.crisis === "es" ? "Ayuda en crisis" : "Crisis help"));
    if (entry.at) {
      const when = new Date(entry.at);
      item.append(el("time", { class: "stamp", datetime: when.toISOString() },
        when.toLocaleTimeString([], { hour: "numeric", minute: "2-digit" })));
    }
    const skip = question?.skip ? [{ title: "Skip", payload: question.skip }] : [];
    if (latest && (entry.choices?.length || skip.length)) {
      const group = el("div", { class: "choices", role: "group", "aria-label": "Suggested replies" });
      for (const choice of [...(entry.choices || []), ...skip]) {
        const button = el("button", { type: "button", class: choice === skip[0] ? "choice skip" : "choice" }, choice.title);
        if (choice === skip[0]) button.setAttribute("aria-label", "Skip this question");
        button.addEventListener("click", () => {
          this.send(choice.payload, choice.title);
          this.input.focus(); // the clicked button is gone; keep keyboard users in the conversation
        });
        group.append(button);
      }
      item.append(group);
    }
    this.log.append(item);
  }

  /** Shows what just arrived: the end of the log, or, when the replies since the person's last message are
   * taller than the log, the first of them at the top, so a long answer is read from its start. */
  private reveal(): void {
    const items = Array.from(this.log.children) as HTMLElement[];
    let first = items.length;
    while (first > 0 && !items[first - 1].classList.contains("user")) first--;
    const start = items[first];
    const fromStart = start ? this.log.scrollHeight - start.offsetTop : 0;
    this.log.scrollTop = start && fromStart > this.log.clientHeight ? start.offsetTop - 8 : this.log.scrollHeight;
  }

  private loadTranscript(): Entry[] {
    try {
      const parsed: unknown = JSON.parse(read(storage("sessionStorage"), this.keys.transcript) || "[]");
      if (!Array.isArray(parsed)) return [];
      return parsed.filter(
        (e): e is Entry => e && ["user", "bot", "staff", "notice"].includes(e.from) && typeof e.text === "string",
      );
    } catch {
      return [];
    }
  }
}

/** "Question 5 of 35": shown above a pre-screen question and announced with it. */
function progressText(question: Prescreen): string {
  return `Question ${question.number} of ${question.total}`;
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
