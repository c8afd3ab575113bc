// stdout and stdin over the standard slots (docs/cells.md): slot 0 and 1 are
// the console, or the ends of an endpoint when the shell pipes cells
// together. On an endpoint a stream is messages whose label is the byte
// count (1-32), the bytes little-endian in w0-w3; label 0 ends it. A cell
// writes and reads the same way whichever it was given.
import * as sys from "./sys";
import { readLine as consoleLine } from "./console";

import { STDOUT, STDIN } from "../../abi/slots";
export { STDOUT, STDIN };
const CHUNK: u32 = 32;

// The kind of capability in a slot, asked once (cap_info); 0 for none.
let outKind: i32 = -1,
  inKind: i32 = -1;
function kindOf(slot: u32): u32 {
  return (<u32>sys.capInfo(slot)) & 0xff;
}
function stdoutKind(): u32 {
  if (outKind < 0) outKind = <i32>kindOf(STDOUT);
  return <u32>outKind;
}
function stdinKind(): u32 {
  if (inKind < 0) inKind = <i32>kindOf(STDIN);
  return <u32>inKind;
}

// Set when the reader went away (E_GONE) or the console broke: later output
// is dropped, like a write to a closed pipe.
let broken = false;
const words = memory.data(CHUNK, 8);

// len bytes from ptr to stdout.
export function writeBytes(ptr: usize, len: usize): void {
  if (broken) return;
  const kind = stdoutKind();
  let done: usize = 0;
  while (done < len) {
    if (kind == sys.KIND_CONSOLE) {
      const r = sys.consoleWrite(STDOUT, ptr + done, len - done);
      if (r <= 0) {
        broken = true;
        return;
      }
      done += <usize>r;
    } else if (kind == sys.KIND_ENDPOINT) {
      const n = <u32>min<usize>(len - done, CHUNK);
      memory.fill(words, 0, CHUNK);
      memory.copy(words, ptr + done, n);
      const r = sys.send(STDOUT, sys.infoWord(n), load<u64>(words), load<u64>(words, 8), load<u64>(words, 16), load<u64>(words, 24));
      if (r < 0) {
        broken = true;
        return;
      }
      done += n;
    } else {
      broken = true;
      return;
    }
  }
}

export function out(s: string): void {
  const b = String.UTF8.encode(s);
  writeBytes(changetype<usize>(b), b.byteLength);
}

export function outln(s: string = ""): void {
  out(s + "\n");
}

// The end of the stream, for a reader on an endpoint (the console has none).
export function close(): void {
  if (!broken && stdoutKind() == sys.KIND_ENDPOINT) sys.send(STDOUT, sys.infoWord(0));
  broken = true;
}

// The next bytes of stdin, or null at its end. On the console a line at a
// time, echoed; a line holding Ctrl-D (then Enter) ends the input there.
let inEnded = false;
export function readChunk(): Uint8Array | null {
  if (inEnded) return null;
  const kind = stdinKind();
  if (kind == sys.KIND_ENDPOINT) {
    const r = sys.recv(STDIN);
    const n = sys.infoLabel(sys.msg.info);
    if (r < 0 || n == 0 || n > CHUNK) {
      inEnded = true;
      return null;
    } // the end, or the writer is gone
    store<u64>(words, sys.msg.w0);
    store<u64>(words, sys.msg.w1, 8);
    store<u64>(words, sys.msg.w2, 16);
    store<u64>(words, sys.msg.w3, 24);
    const a = new Uint8Array(n);
    memory.copy(a.dataStart, words, n);
    return a;
  }
  if (kind != sys.KIND_CONSOLE) {
    inEnded = true;
    return null;
  }
  let line = consoleLine(STDIN);
  const eot = line.indexOf("\x04");
  if (eot >= 0) {
    inEnded = true;
    line = line.substring(0, eot);
    if (line.length == 0) return null;
  } else line += "\n";
  return Uint8Array.wrap(String.UTF8.encode(line));
}

// What is left of stdin, as text.
export function readAll(): string {
  let parts = new Array<Uint8Array>();
  let total = 0;
  for (let c = readChunk(); c !== null; c = readChunk()) {
    parts.push(c);
    total += c.length;
  }
  const all = new Uint8Array(total);
  let at = 0;
  for (let i = 0; i < parts.length; i++) {
    all.set(parts[i], at);
    at += parts[i].length;
  }
  return String.UTF8.decode(all.buffer);
}

// One line of stdin without its newline, or null at the end.
let pending = new Array<u8>();
export function readLine(): string | null {
  while (true) {
    const nl = pending.indexOf(10);
    if (nl >= 0) {
      const line = pending.slice(0, nl);
      pending = pending.slice(nl + 1);
      return decode(line);
    }
    const c = readChunk();
    if (c === null) {
      if (pending.length == 0) return null;
      const rest = pending;
      pending = new Array<u8>();
      return decode(rest);
    }
    for (let i = 0; i < c.length; i++) pending.push(c[i]);
  }
}

function decode(bytes: Array<u8>): string {
  return String.UTF8.decodeUnsafe(bytes.dataStart, <usize>bytes.length);
}

// This cell's arguments (what the shell typed after its name), as words.
export function cellArgs(): Array<string> {
  const words = sys.args().split(" ");
  const out = new Array<string>();
  for (let i = 0; i < words.length; i++) if (words[i].length > 0) out.push(words[i]);
  return out;
}
