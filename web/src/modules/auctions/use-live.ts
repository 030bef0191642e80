import { useEffect, useState } from 'react';

/**
 * One WebSocket per browser tab to /api/v1/live, shared by every component that watches a topic.
 * It reconnects with back-off and subscribes again; the server sends whole states, so nothing is
 * replayed after a gap. `serverTime` on every message keeps the clock offset: countdowns run on
 * the server's clock, which decides whether a bid is in time.
 */
type Listener = (data: unknown, version: number) => void;

class LiveConnection {
  private socket: WebSocket | null = null;
  private readonly topics = new Map<string, Set<Listener>>();
  private readonly statusListeners = new Set<(connected: boolean) => void>();
  private retry = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  connected = false;
  /** Server clock minus this browser's clock, ms. */
  offsetMs = 0;

  subscribe(topic: string, listener: Listener): () => void {
    let set = this.topics.get(topic);
    const fresh = !set;
    if (!set) this.topics.set(topic, (set = new Set()));
    set.add(listener);
    if (!this.socket) this.connect();
    else if (fresh && this.connected) this.send({ type: 'subscribe', topic });
    return () => {
      set!.delete(listener);
      if (set!.size) return;
      this.topics.delete(topic);
      if (this.connected) this.send({ type: 'unsubscribe', topic });
      if (!this.topics.size) this.disconnect();
    };
  }

  onStatus(listener: (connected: boolean) => void): () => void {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }

  private connect(): void {
    const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/api/v1/live`;
    const socket = new WebSocket(url);
    this.socket = socket;
    socket.onopen = () => {
      this.retry = 0;
      this.setConnected(true);
      for (const topic of this.topics.keys()) this.send({ type: 'subscribe', topic });
    };
    socket.onmessage = (event) => {
      const message = JSON.parse(String(event.data)) as { type: string; topic?: string; serverTime?: number; version?: number; data?: unknown };
      if (typeof message.serverTime === 'number') this.offsetMs = message.serverTime - Date.now();
      if (message.type === 'state' && message.topic) for (const l of this.topics.get(message.topic) ?? []) l(message.data, message.version ?? 0);
      if (message.type === 'heartbeat') this.send({ type: 'ping' });
    };
    socket.onclose = () => {
      if (this.socket !== socket) return;
      this.socket = null;
      this.setConnected(false);
      if (!this.topics.size) return;
      const delay = Math.min(15_000, 1000 * 2 ** this.retry++);
      this.timer = setTimeout(() => this.connect(), delay);
    };
  }

  private disconnect(): void {
    if (this.timer) clearTimeout(this.timer);
    const socket = this.socket;
    this.socket = null;
    socket?.close();
    this.setConnected(false);
  }

  private send(message: unknown): void {
    if (this.socket?.readyState === WebSocket.OPEN) this.socket.send(JSON.stringify(message));
  }

  private setConnected(connected: boolean): void {
    this.connected = connected;
    for (const l of this.statusListeners) l(connected);
  }
}

export const liveConnection = new LiveConnection();

/** The latest state of a topic (null until the first one arrives) and whether the channel is up. */
export function useLiveTopic<T>(topic: string | null): { data: T | null; connected: boolean } {
  const [data, setData] = useState<T | null>(null);
  const [connected, setConnected] = useState(liveConnection.connected);
  useEffect(() => liveConnection.onStatus(setConnected), []);
  useEffect(() => {
    setData(null);
    if (!topic) return;
    return liveConnection.subscribe(topic, (d) => setData(d as T));
  }, [topic]);
  return { data, connected };
}

/** The server's clock, ticking every `everyMs`: for countdowns. */
export function useServerNow(everyMs = 250): number {
  const [now, setNow] = useState(() => Date.now() + liveConnection.offsetMs);
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now() + liveConnection.offsetMs), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}
