// ws arrives with miniflare (its direct dependency); profile-worker.mjs uses this much of it.
declare module "ws" {
  export default class WebSocket {
    constructor(url: string);
    once(event: "open" | "error", listener: (value?: unknown) => void): this;
    on(event: "message", listener: (data: Buffer) => void): this;
    send(data: string): void;
    close(): void;
  }
}
