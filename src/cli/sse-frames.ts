// Server-Sent Events as they arrive on a stream, split into events (the WHATWG format: `event:`
// and `data:` lines, a blank line ends an event, lines starting with `:` are comments). Only what
// logwarden's tail sends is kept: the event name and its data. Pure.

export interface SseEvent {
  /** `message` when the frame names none. */
  readonly event: string;
  readonly data: string;
}

export class SseFrames {
  #buffer = '';
  #event = '';
  #data: string[] = [];

  /** The events completed by this chunk of text. */
  push(chunk: string): SseEvent[] {
    this.#buffer += chunk;
    const events: SseEvent[] = [];
    let end: number;
    while ((end = this.#buffer.search(/\r\n|\r|\n/)) >= 0) {
      const line = this.#buffer.slice(0, end);
      this.#buffer = this.#buffer.slice(end + (this.#buffer.startsWith('\r\n', end) ? 2 : 1));
      const event = this.#line(line);
      if (event) events.push(event);
    }
    return events;
  }

  #line(line: string): SseEvent | undefined {
    if (line === '') {
      const done = this.#data.length > 0 ? { event: this.#event || 'message', data: this.#data.join('\n') } : undefined;
      this.#event = '';
      this.#data = [];
      return done;
    }
    if (line.startsWith(':')) return undefined;
    const colon = line.indexOf(':');
    const name = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (name === 'event') this.#event = value;
    else if (name === 'data') this.#data.push(value);
    return undefined;
  }
}
