import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { frame, OP, rawWs, type RawWs } from './raw-ws';
import { startServe, type ServeProcess } from './serve-process';

/**
 * Hostile WebSocket frames against a real `gan-studio serve` process. Each case is sent on its own raw
 * connection; after it, the process must still run, a bystander socket opened before must still get answers,
 * and a fresh socket must work. A frame the protocol forbids closes only its own socket, with the RFC's code.
 */
describe('serve survives hostile WebSocket frames', () => {
  let home: string;
  let serve: ServeProcess;
  let bystander: RawWs;
  let nextId = 1000;

  const call = (ws: RawWs, call: string, input: unknown = {}) => {
    const id = nextId++;
    ws.send(frame(OP.text, JSON.stringify({ id, call, input })));
    return ws.next((m) => m.id === id);
  };

  /** The server still runs and serves: health over HTTP, the bystander and a new socket answer calls. */
  async function assertServing(): Promise<void> {
    expect(serve.alive(), serve.stderr()).toBe(true);
    const health = await fetch(`http://127.0.0.1:${serve.port}/api/health?token=${serve.token}`);
    expect(health.status).toBe(200);
    expect(await call(bystander, 'jobs.list')).toMatchObject({ ok: true, output: { jobs: [] } });
    const fresh = await rawWs(serve.port, serve.token);
    expect(await call(fresh, 'fs.roots')).toMatchObject({ ok: true });
    fresh.socket.destroy();
  }

  beforeAll(async () => {
    home = mkdtempSync(join(tmpdir(), 'gan-faults-ws-'));
    // A folder whose listing is a ~250 KB reply, for the client that never reads.
    mkdirSync(join(home, 'big'));
    for (let i = 0; i < 1000; i++) writeFileSync(join(home, 'big', `${String(i).padStart(6, '0')}-${'x'.repeat(200)}.txt`), '');
    serve = await startServe(home);
    bystander = await rawWs(serve.port, serve.token);
  }, 60_000);
  afterAll(async () => {
    bystander?.socket.destroy();
    await serve?.stop();
    expect(serve?.stderr() ?? '').not.toMatch(/Uncaught|RangeError|Error: Invalid WebSocket frame/);
    rmSync(home, { recursive: true, force: true });
  });

  // Frames the protocol layer refuses: the server fails that connection with this close code.
  const protocolCases: [string, () => Buffer[], number][] = [
    ['a text frame over the 1 MiB limit', () => [frame(OP.text, Buffer.alloc(64 * 1024, 0x20), { declaredLength: (1 << 20) + 1 })], 1009],
    ['a 64-bit length near 2^63', () => [frame(OP.text, 'x', { declaredLength: 2n ** 63n - 1n })], 1009],
    ['a fragmented message over the limit in small pieces', () => [
      frame(OP.text, Buffer.alloc(600 * 1024, 0x20), { fin: false }),
      frame(OP.continuation, Buffer.alloc(600 * 1024, 0x20), { fin: true }),
    ], 1009],
    ['invalid UTF-8 in a text frame', () => [frame(OP.text, Buffer.from([0x7b, 0xff, 0xfe, 0x7d]))], 1007],
    ['an overlong UTF-8 encoding', () => [frame(OP.text, Buffer.from([0xc0, 0xaf]))], 1007],
    ['a lone UTF-16 surrogate encoded as UTF-8', () => [frame(OP.text, Buffer.from([0xed, 0xa0, 0x80]))], 1007],
    ['an unmasked client frame', () => [frame(OP.text, '{"id":1,"call":"jobs.list","input":{}}', { mask: false })], 1002],
    ['a reserved opcode', () => [frame(0x3, 'x')], 1002],
    ['a reserved control opcode', () => [frame(0xb, 'x')], 1002],
    ['RSV bits without an extension', () => [frame(OP.text, '{}', { rsv: 4 })], 1002],
    ['a continuation frame with no message started', () => [frame(OP.continuation, 'x')], 1002],
    ['a fragmented control frame', () => [frame(OP.ping, 'x', { fin: false })], 1002],
    ['a control frame over 125 bytes', () => [frame(OP.ping, Buffer.alloc(200))], 1002],
    ['a close frame with a forbidden code', () => [frame(OP.close, Buffer.from([0x03, 0xed]))], 1002],
    ['a close frame of one byte', () => [frame(OP.close, Buffer.from([0x03]))], 1002],
    ['a new text frame inside a fragmented one', () => [frame(OP.text, '{"id"', { fin: false }), frame(OP.text, ':1}')], 1002],
  ];

  for (const [name, bytes, code] of protocolCases) {
    it(`closes only the offending socket (${code}) on ${name}`, async () => {
      const ws = await rawWs(serve.port, serve.token);
      for (const b of bytes()) ws.send(b);
      await Promise.race([ws.closed, new Promise((r) => setTimeout(r, 10_000))]);
      expect(ws.closeCode()).toBe(code);
      await assertServing();
    });
  }

  // Frames the protocol allows but the API refuses: a bad_input reply and the socket stays open.
  const badFrames: [string, Buffer, number][] = [
    ['a binary frame', frame(OP.binary, Buffer.from('{"id":7,"call":"jobs.list","input":{}}')), -1],
    ['text that is not JSON', frame(OP.text, 'this is not json'), -1],
    ['an empty text frame', frame(OP.text, ''), -1],
    ['JSON null', frame(OP.text, 'null'), -1],
    ['a JSON array', frame(OP.text, '[1,2,3]'), -1],
    ['a JSON string', frame(OP.text, '"jobs.list"'), -1],
    ['a string id', frame(OP.text, '{"id":"1","call":"jobs.list","input":{}}'), -1],
    ['a negative id', frame(OP.text, '{"id":-5,"call":"jobs.list","input":{}}'), -1],
    ['a fractional id', frame(OP.text, '{"id":1.5,"call":"jobs.list","input":{}}'), -1],
    ['an id past 2^53', frame(OP.text, '{"id":1e300,"call":"jobs.list","input":{}}'), -1],
    ['a numeric call', frame(OP.text, '{"id":11,"call":5,"input":{}}'), 11],
    ['a call name of 10k characters', frame(OP.text, JSON.stringify({ id: 12, call: 'x'.repeat(10_000), input: {} })), 12],
    ['JSON nested 100,000 deep', frame(OP.text, '['.repeat(100_000) + ']'.repeat(100_000)), -1],
    ['a __proto__ key', frame(OP.text, '{"__proto__":{"id":3},"call":"jobs.list"}'), -1],
  ];

  for (const [name, bytes, id] of badFrames) {
    it(`answers bad_input and keeps the socket open on ${name}`, async () => {
      const ws = await rawWs(serve.port, serve.token);
      ws.send(bytes);
      const reply = await ws.next((m) => m.id === id);
      expect(reply).toMatchObject({ ok: false, error: { code: 'bad_input' } });
      expect(await call(ws, 'jobs.list')).toMatchObject({ ok: true });
      ws.socket.destroy();
      await assertServing();
    });
  }

  it('answers wrong inputs, unknown calls and calls with no input by their codes on one socket', async () => {
    const ws = await rawWs(serve.port, serve.token);
    expect(await call(ws, 'no.such.call')).toMatchObject({ ok: false, error: { code: 'unknown_call' } });
    expect(await call(ws, 'fs.list', { path: 42 })).toMatchObject({ ok: false, error: { code: 'bad_input' } });
    expect(await call(ws, 'fs.list', { path: '/etc' })).toMatchObject({ ok: false, error: { code: 'forbidden_path' } });
    expect(await call(ws, 'jobs.get', null)).toMatchObject({ ok: false, error: { code: 'bad_input' } });
    ws.send(frame(OP.text, '{"id":77,"call":"jobs.list"}'));
    expect(await ws.next((m) => m.id === 77)).toMatchObject({ id: 77 });
    ws.socket.destroy();
    await assertServing();
  });

  it('cuts off a client that never reads its replies once 16 MiB wait for it, and serves the others', async () => {
    const lazy = await rawWs(serve.port, serve.token);
    lazy.socket.pause();
    const path = join(home, 'big');
    // 6 bursts of 40 listings (~250 KB each, 60 MB in all), far more than the socket buffers hold.
    for (let burst = 0; burst < 6; burst++) {
      lazy.send(Buffer.concat(Array.from({ length: 40 }, (_, i) => frame(OP.text, JSON.stringify({ id: 9000 + burst * 40 + i, call: 'fs.list', input: { path } })))));
      await new Promise((r) => setTimeout(r, 300));
    }
    await assertServing();
    lazy.socket.resume();
    await Promise.race([lazy.closed, new Promise((r) => setTimeout(r, 20_000))]);
    expect(lazy.socket.destroyed, `${lazy.messages.length} replies, first: ${JSON.stringify(lazy.messages[0] ?? null).slice(0, 200)}`).toBe(true);
    expect(lazy.messages.length).toBeLessThan(240);
  });

  it('survives connections cut mid-frame, mid-handshake and a flood of calls', async () => {
    const cut = await rawWs(serve.port, serve.token);
    cut.send(frame(OP.text, Buffer.alloc(100_000, 0x20)).subarray(0, 5000));
    cut.socket.resetAndDestroy();
    const flood = await rawWs(serve.port, serve.token);
    const burst = Buffer.concat(Array.from({ length: 500 }, (_, i) => frame(OP.text, JSON.stringify({ id: 5000 + i, call: 'jobs.list', input: {} }))));
    flood.send(burst);
    flood.socket.destroy();
    const { connect } = await import('node:net');
    const half = connect(serve.port, '127.0.0.1');
    half.on('error', () => undefined);
    half.write(`GET /api/ws?token=${serve.token} HTTP/1.1\r\nHost: 127.0.0.1:${serve.port}\r\nUpgrade: websocket\r\n`);
    await new Promise((r) => setTimeout(r, 100));
    half.resetAndDestroy();
    await new Promise((r) => setTimeout(r, 300));
    await assertServing();
  });
});
