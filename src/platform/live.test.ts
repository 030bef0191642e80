import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Actor } from './context.ts';
import { LiveChannel, type LiveSocket } from './live.ts';

/** A socket whose writes complete at once, or — when `slow` — only when released (a client not reading). */
class FakeSocket implements LiveSocket {
  readyState = 1;
  readonly OPEN = 1;
  bufferedAmount = 0;
  slow = false;
  readonly frames: Array<Record<string, any>> = [];
  private held: Array<() => void> = [];
  private readonly handlers = new Map<string, Array<(...args: any[]) => void>>();

  send(data: string, cb?: () => void): void {
    this.frames.push(JSON.parse(data));
    if (this.slow) this.held.push(() => cb?.());
    else setImmediate(() => cb?.());
  }
  on(event: string, listener: (...args: any[]) => void): void {
    this.handlers.set(event, [...(this.handlers.get(event) ?? []), listener]);
  }
  emit(event: string, ...args: unknown[]): void {
    for (const h of this.handlers.get(event) ?? []) h(...args);
  }
  close(): void {
    this.readyState = 3;
    this.emit('close');
  }
  terminate(): void {
    this.close();
  }
  ping(): void {}
  receive(message: unknown): void {
    this.emit('message', JSON.stringify(message), false);
  }
  release(): void {
    this.slow = false;
    for (const done of this.held.splice(0)) done();
  }
  states(topic: string) {
    return this.frames.filter((f) => f.type === 'state' && f.topic === topic);
  }
}

const actor = (orgId: string): Actor => ({ type: 'user', id: `usr_${orgId}`, userId: `usr_${orgId}`, orgId, orgKinds: ['buyer'], orgStatus: 'active', roles: [], permissions: new Set(), mfaPassed: true });
const tick = (ms = 5) => new Promise((r) => setTimeout(r, ms));

function channel() {
  const live = new LiveChannel(null as never, null as never, { flushMs: 2 });
  const loads: string[] = [];
  live.register<{ n: number; id: string }, { orgId: string }>('demo', {
    async authorize(a, id) {
      return a.orgId === 'org_ok' || id === 'public' ? { orgId: a.orgId! } : null;
    },
    async load(id) {
      loads.push(id);
      return id === 'gone' ? null : { n: 0, id };
    },
    render: (state, viewer) => ({ n: state.n, for: viewer.orgId }),
    viewKey: (viewer) => viewer.orgId,
  });
  return { live, loads };
}

const attached = new WeakSet<FakeSocket>();
async function subscribed(live: LiveChannel, socket: FakeSocket, orgId: string, topic: string) {
  if (!attached.has(socket)) live.attach(socket, actor(orgId), null);
  attached.add(socket);
  socket.receive({ type: 'subscribe', topic });
  for (let i = 0; i < 50 && !socket.frames.some((f) => f.topic === topic && f.type !== 'subscribed'); i++) await tick(2);
}

test('a topic the viewer may not see, an unknown prefix and a missing record all answer not_found', async () => {
  const { live } = channel();
  const s = new FakeSocket();
  await subscribed(live, s, 'org_other', 'demo:x');
  await subscribed(live, s, 'org_other', 'nope:x');
  const t = new FakeSocket();
  await subscribed(live, t, 'org_ok', 'demo:gone');
  s.frames.push(...t.frames.filter((f) => f.type === 'error'));
  const errors = s.frames.filter((f) => f.type === 'error').map((f) => [f.topic, f.code]);
  assert.deepEqual(errors, [['demo:x', 'not_found'], ['nope:x', 'not_found'], ['demo:gone', 'not_found']]);
  assert.equal(s.frames[0]!.type, 'welcome');
  assert.equal(live.stats().topics, 0);
});

test('a slow subscriber does not hold back the others and gets the latest state when it drains; memory stays one state', async () => {
  const { live } = channel();
  const fast = new FakeSocket();
  const slow = new FakeSocket();
  await subscribed(live, fast, 'org_ok', 'demo:a');
  await subscribed(live, slow, 'org_ok', 'demo:a');
  assert.equal(fast.states('demo:a').at(-1)!.data.n, 0);
  slow.slow = true;
  for (let n = 1; n <= 40; n++) {
    live.update<{ n: number; id: string }>('demo:a', (prev) => ({ ...prev, n }));
    await tick(4);
  }
  await tick(10);
  const fastStates = fast.states('demo:a').map((f) => f.data.n);
  assert.equal(fastStates.at(-1), 40, 'the fast subscriber saw the last state');
  assert.ok(fastStates.length >= 30, `the fast one got most updates (${fastStates.length})`);
  const before = slow.states('demo:a').length;
  assert.ok(before <= 3, `the slow one was sent at most one state past its backlog (${before})`);
  assert.ok(live.stats().statesCoalesced > 0);
  slow.release();
  await tick(10);
  const after = slow.states('demo:a');
  assert.equal(after.at(-1)!.data.n, 40, 'after draining it has the latest state');
  assert.equal(after.length, before + 1, 'and only that one, not the 39 in between');
  // Versions only go forward for every subscriber.
  for (const socket of [fast, slow]) {
    const versions = socket.states('demo:a').map((f) => f.version);
    assert.deepEqual(versions, [...versions].sort((x, y) => x - y));
  }
});

test('viewers with the same key share one render; the server time rides on every state', async () => {
  const { live } = channel();
  const a = new FakeSocket();
  const b = new FakeSocket();
  await subscribed(live, a, 'org_ok', 'demo:r');
  await subscribed(live, b, 'org_x', 'demo:public');
  const state = a.states('demo:r')[0]!;
  assert.equal(state.data.for, 'org_ok');
  assert.ok(Math.abs(state.serverTime - Date.now()) < 5000);
});

test('a change that cannot be applied (null) reloads the topic; the last subscriber leaving drops it', async () => {
  const { live, loads } = channel();
  const s = new FakeSocket();
  await subscribed(live, s, 'org_ok', 'demo:g');
  live.update('demo:g', () => null);
  await tick(10);
  assert.deepEqual(loads, ['g', 'g']);
  assert.equal(live.stats().topics, 1);
  s.receive({ type: 'unsubscribe', topic: 'demo:g' });
  await tick(2);
  assert.equal(live.stats().topics, 0);
  live.update('demo:g', () => ({ n: 1, id: 'g' })); // unwatched: ignored
  assert.equal(live.stats().topics, 0);
});

test('bad messages are answered, not fatal; a flood closes the socket', async () => {
  const { live } = channel();
  const s = new FakeSocket();
  live.attach(s, actor('org_ok'), null);
  s.emit('message', 'not json', false);
  s.receive({ type: 'dance' });
  s.receive({ type: 'ping' });
  await tick(2);
  assert.deepEqual(s.frames.slice(1).map((f) => f.type), ['error', 'error', 'pong']);
  for (let i = 0; i < 100; i++) s.receive({ type: 'ping' });
  await tick(2);
  assert.equal(s.readyState, 3);
  assert.equal(live.stats().sockets, 0);
});
