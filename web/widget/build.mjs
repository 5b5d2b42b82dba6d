// Builds the widget into one file the web process serves (bot/web/static/widget.js, committed).
import { build } from "esbuild";

const banner = `/*! TMS Assistant chat widget. Generated from web/widget by \`npm ci && npm run build\`: do not edit.
 * Bundles socket.io-client, engine.io-client, socket.io-parser, engine.io-parser and
 * @socket.io/component-emitter: MIT License, Copyright (c) Guillermo Rauch and the Socket.IO
 * contributors, https://github.com/socketio/socket.io/blob/main/LICENSE */`;

await build({
  entryPoints: ["src/widget.ts"],
  outfile: "../../bot/web/static/widget.js",
  bundle: true,
  minify: true,
  format: "iife",
  target: "es2019",
  loader: { ".css": "text" },
  banner: { js: banner },
  legalComments: "eof",
  logLevel: "info",
});
