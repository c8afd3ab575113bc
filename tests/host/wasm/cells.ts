// Host-test entry for the cells' library (cells/lib/): the same TS a cell is
// built from, run under Node with the sys imports faked in JS.
import { print, readLine } from "../../../cells/lib/console";
import { Ring, RingWriter, RingReader, RING_HEADER } from "../../../cells/lib/ring";
import * as sys from "../../../cells/lib/sys";

export function printStr(s: string, slot: u32): void {
  print(s, slot);
}
export function readLineStr(slot: u32, echo: bool): string {
  return readLine(slot, echo);
}
export function errorName(code: i64): string {
  return sys.errorName(code);
}
export function spawn(cell: u32, name: string, a: u32, b: u32, notifySlot: u32, budget: u32): i64 {
  const caps = new Array<u32>();
  caps.push(a);
  caps.push(b);
  return sys.spawn(cell, name, caps, notifySlot, budget);
}
// recv/call: the Msg fields, after the call, as "info w0 w1 w2 w3".
export function recvMsg(ep: u32): string {
  const r = sys.recv(ep);
  const m = sys.msg;
  return (
    r.toString() + " " + m.info.toString() + " " + m.w0.toString() + " " + m.w1.toString() + " " + m.w2.toString() + " " + m.w3.toString()
  );
}
export function callMsg(ep: u32, label: u32): string {
  const r = sys.call(ep, sys.infoWord(label), 1, 2, 3, 4);
  const m = sys.msg;
  return r.toString() + " " + m.info.toString() + " " + m.w0.toString() + " " + m.w3.toString();
}
export function mapShared(slot: u32, pages: u32): i64 {
  return sys.mapShared(slot, pages);
}

// One ring at a time, over a region of linear memory; bytes move through a scratch buffer.
let ring: Ring | null = null;
const scratch = new StaticArray<u8>(1 << 16);
export function ringCreate(base: usize, bytes: u32): u32 {
  ring = Ring.create(base, bytes);
  return ring!.capacity;
}
export function ringAttach(base: usize): u32 {
  ring = Ring.attach(base);
  return ring!.capacity;
}
export function ringHeader(): u32 {
  return RING_HEADER;
}
export function scratchPtr(): usize {
  return changetype<usize>(scratch);
}
export function ringPush(len: u32): u32 {
  return ring!.push(changetype<usize>(scratch), len);
}
export function ringPop(len: u32): u32 {
  return ring!.pop(changetype<usize>(scratch), len);
}
export function ringAvailable(): u32 {
  return ring!.available();
}
export function ringFree(): u32 {
  return ring!.free();
}
export function ringSend(slot: u32, len: u32): u32 {
  return new RingWriter(ring!, slot, 4).send(changetype<usize>(scratch), len);
}
export function ringReceive(slot: u32, len: u32): i64 {
  return new RingReader(ring!, slot).receive(changetype<usize>(scratch), len);
}

// Every wrapper once, so each compiles and passes its registers (the test
// holds them against docs/syscalls.md); exit and trap never return.
export function everyCall(): void {
  const p: usize = 16;
  sys.yield_();
  sys.sleep(5);
  sys.map(1, sys.LINEAR_BASE, 2, sys.PROT_READ | sys.PROT_WRITE);
  sys.unmap(sys.LINEAR_BASE, 2);
  sys.memCreate(4);
  sys.send(1, 2, 3, 4, 5, 6);
  sys.reply(2, 3, 4, 5, 6);
  sys.replyRecv(1, 2, 3, 4, 5, 6);
  sys.notify(1, 8);
  sys.wait(1);
  sys.poll(1);
  sys.capCopy(1, sys.R_READ | sys.R_WRITE);
  sys.capDrop(1);
  sys.capRevoke(1);
  sys.capInfo(1);
  sys.cellStatus(1);
  sys.cellKill(1);
  sys.cellRestart(1);
  sys.consoleWrite(0, p, 4);
  sys.consoleRead(0, p, 4);
  sys.kinfo(2, sys.KINFO_MEMORY, p, 4);
  sys.time();
  sys.irqWait(1);
  sys.irqAck(1);
  sys.notifyCreate();
  sys.endpointCreate();
  sys.fileRead(3, "ab", 7, p, 4);
}
export function exitNow(code: i32): void {
  sys.exit(code);
}
export function trapNow(code: u32): void {
  sys.trap(code);
}
export function infoParts(info: u64): string {
  return sys.infoLabel(info).toString() + " " + sys.infoSlot(info).toString() + " " + (sys.infoIsCall(info) ? "reply" : "-");
}
const other = new StaticArray<u8>(1 << 16);
export function otherPtr(): usize {
  return changetype<usize>(other);
}
export function ringPopOther(len: u32): u32 {
  return ring!.pop(changetype<usize>(other), len);
}
export function ringSendAll(slot: u32, len: u32): void {
  new RingWriter(ring!, slot).sendAll(changetype<usize>(scratch), len);
}
export function ringBytes(n: i32): u32 {
  const a = new Uint8Array(n),
    b = new Uint8Array(n);
  for (let i = 0; i < n; i++) a[i] = <u8>(i * 7);
  const pushed = ring!.pushBytes(a),
    popped = ring!.popBytes(b);
  for (let i = 0; i < <i32>popped; i++) if (b[i] != a[i]) return 0xffffffff;
  return pushed == popped ? popped : 0xfffffffe;
}
