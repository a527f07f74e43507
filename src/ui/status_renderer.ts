/**
 * Status output on stderr for the long-running main flow: in an interactive
 * terminal a spinner line with the remaining time, redrawn in place; else
 * plain lines, each written once (CI logs, pipes). Output goes to an injected
 * sink; the clock and the repaint timer are injected too, so tests drive it.
 * @module
 */

import { formatRemaining } from "../config/duration.ts";
import type { TextSink } from "../deps.ts";
import type { OutputMode } from "./output_mode.ts";

/** Schedules repaints; returns a function that stops them. */
export type Ticker = (repaint: () => void, everyMs: number) => () => void;

/** Options of {@linkcode StatusRenderer}. */
export interface StatusRendererOptions {
  sink: TextSink;
  mode: OutputMode;
  /** Epoch milliseconds, for the remaining time of a step with a deadline. */
  now(): number;
  /** Terminal width: the spinner line is cut to fit, since a wrapped line cannot be redrawn. */
  columns?: number;
  /** Repaint timer (default: an unref'ed setInterval). */
  ticker?: Ticker;
}

/** A step in progress: exactly one of its methods ends it. */
export interface StatusStep {
  /** Ends the step as done, printing `text` (default: the step's text). */
  succeed(text?: string): void;
  /** Ends the step as failed, printing `text`. */
  fail(text: string): void;
  /** Ends the step without a mark (its outcome is reported otherwise). */
  end(): void;
}

const FRAMES = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];
const REPAINT_MS = 100;
const CLEAR_LINE = "\r\x1b[2K";

const SGR = { bold: 1, red: 31, green: 32, yellow: 33, cyan: 36 } as const;

const defaultTicker: Ticker = (repaint, everyMs) => {
  const id = setInterval(repaint, everyMs);
  Deno.unrefTimer(id);
  return () => clearInterval(id);
};

/** Writes status lines, with at most one spinner step active at a time. */
export class StatusRenderer {
  readonly mode: OutputMode;
  readonly #options: StatusRendererOptions;
  #active?: { text: string; deadline?: number; frame: number; stopTicker: () => void };

  /** @param options Sink, mode, clock, width, ticker. */
  constructor(options: StatusRendererOptions) {
    this.#options = options;
    this.mode = options.mode;
  }

  /** `text` in bold when colors are on. */
  emphasis(text: string): string {
    return this.#paint("bold", text);
  }

  /** Prints an informational line. */
  line(text: string): void {
    this.#print(text);
  }

  /** Prints a line marking something done (`✓` in a terminal). */
  success(text: string): void {
    this.#print(this.mode.interactive ? `${this.#paint("green", "✓")} ${text}` : text);
  }

  /** Prints a line marking a failure (`✗` in a terminal). */
  failure(text: string): void {
    this.#print(this.mode.interactive ? `${this.#paint("red", "✗")} ${text}` : text);
  }

  /** Prints `Warning: text`. */
  warning(text: string): void {
    this.#print(`${this.#paint("yellow", "Warning:")} ${text}`);
  }

  /** Prints several lines as they are (a QR code, a boxed URL). */
  block(text: string): void {
    this.#print(text.replace(/\n$/, ""));
  }

  /**
   * Starts a step: a spinner line in a terminal (with the time left until
   * `deadline`), one plain line otherwise. Ends any step still active.
   *
   * @param text What is in progress: `Waiting for approval`.
   * @param options `deadline` in epoch milliseconds, to show the time left.
   * @returns The step.
   */
  step(text: string, options: { deadline?: number } = {}): StatusStep {
    this.#stop();
    if (!this.mode.interactive) {
      const left = options.deadline === undefined
        ? ""
        : ` (${formatRemaining(options.deadline - this.#options.now())} left)`;
      this.#write(`${text}...${left}\n`);
    } else {
      const ticker = this.#options.ticker ?? defaultTicker;
      const active = { text, deadline: options.deadline, frame: 0, stopTicker: () => {} };
      this.#active = active;
      this.#write(this.#spinnerLine());
      active.stopTicker = ticker(() => {
        active.frame = (active.frame + 1) % FRAMES.length;
        if (this.#active === active) this.#write(CLEAR_LINE + this.#spinnerLine());
      }, REPAINT_MS);
    }
    let ended = false;
    const finish = (print: () => void) => {
      if (ended) return;
      ended = true;
      this.#stop();
      print();
    };
    return {
      succeed: (done = text) => finish(() => this.success(done)),
      fail: (why) => finish(() => this.failure(why)),
      end: () => finish(() => {}),
    };
  }

  /** Stops the spinner and clears its line (for exits and interruptions). */
  close(): void {
    this.#stop();
  }

  #stop(): void {
    const active = this.#active;
    if (!active) return;
    this.#active = undefined;
    active.stopTicker();
    this.#write(CLEAR_LINE);
  }

  #spinnerLine(): string {
    const active = this.#active!;
    let line = `${FRAMES[active.frame]} ${active.text}...`;
    if (active.deadline !== undefined) {
      line += ` ${formatRemaining(active.deadline - this.#options.now())} left`;
    }
    const columns = this.#options.columns;
    if (columns !== undefined && line.length > columns - 1) line = line.slice(0, columns - 2) + "…";
    // Paint after cutting, so an escape sequence is never cut in half.
    return `${this.#paint("cyan", line.slice(0, 1))}${line.slice(1)}`;
  }

  #print(text: string): void {
    if (!this.#active) {
      this.#write(`${text}\n`);
      return;
    }
    this.#write(`${CLEAR_LINE}${text}\n${this.#spinnerLine()}`);
  }

  #paint(style: keyof typeof SGR, text: string): string {
    return this.mode.color ? `\x1b[${SGR[style]}m${text}\x1b[0m` : text;
  }

  #write(text: string): void {
    this.#options.sink.write(text);
  }
}
