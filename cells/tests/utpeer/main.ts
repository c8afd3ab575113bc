// utpeer: the other side of usertests' IPC and capability tests; its
// argument picks the role. Exit code 0: the role went as expected.
import * as sys from "../../lib/sys";
import { Ring, RingReader } from "../../lib/ring";

const EP: u32 = 0;

// No capabilities at all: every reach for authority must fail. The exit
// code has a bit per attempt that was not refused.
function noauth(): i32 {
  let bad = 0;
  const text = memory.data(4);
  store<u32>(text, 0x0a216968); // "hi!\n"
  for (let s: u32 = 0; s < 64; s++) {
    if (sys.capInfo(s) != 0) bad |= 1; // an empty table
    if (sys.consoleWrite(s, text, 4) >= 0) bad |= 2; // print
    if (sys.map(s, 0x8_0000_0000, 1, sys.PROT_READ) >= 0) bad |= 4; // map a device (or any object)
    if (sys.spawn(s, "hello", []) >= 0) bad |= 8; // spawn
    if (sys.send(s, sys.infoWord(1)) >= 0 || sys.call(s, sys.infoWord(1)) >= 0) bad |= 16; // reach a cell
    if (sys.cellStatus(s) >= 0 || sys.cellKill(s) >= 0) bad |= 32; // control a cell
    if (sys.kinfo(s, 0, text, 4) >= 0 || sys.notify(s, 1) >= 0) bad |= 64;
  }
  return bad;
}

// Blocks the receiver: sleeps 100 ms, then sends.
function sleepsend(): i32 {
  sys.sleep(100_000_000);
  return sys.send(EP, sys.infoWord(7), 0x5eed) < 0 ? 1 : 0;
}

// Twenty messages, in order.
function order(): i32 {
  for (let i: u32 = 0; i < 20; i++) if (sys.send(EP, sys.infoWord(100 + i), i, i * 3) < 0) return 1;
  return 0;
}

// Receives a memory capability in a call, maps it, writes the pattern the
// sender checks, replies; then one more message, which must carry nothing.
function grant(): i32 {
  const m = new sys.Msg();
  if (sys.recv(EP, m) < 0) return 1;
  const slot = sys.infoSlot(m.info);
  if (slot == sys.NO_SLOT || (sys.capInfo(slot) & 0xff) != sys.KIND_MEMORY) return 2;
  const page = sys.mapShared(slot, 1);
  if (page < 0) return 3;
  for (let i: u32 = 0; i < sys.PAGE_SIZE; i++) store<u8>(<usize>page + i, <u8>(i * 7 + 3));
  if (sys.reply(sys.infoWord(1)) < 0) return 4;
  if (sys.recv(EP, m) < 0) return 5;
  return sys.infoSlot(m.info) == sys.NO_SLOT ? 0 : 6; // a transfer without GRANT got through
}

// The consumer of a ring: a memory capability (w0 = its pages, w1 = the
// bytes to come) then a notification arrive over the endpoint; it checks
// every byte is the next of the sequence and sends back the count and sum.
function ring(): i32 {
  const m = new sys.Msg();
  if (sys.recv(EP, m) < 0) return 1;
  const mem = sys.infoSlot(m.info),
    pages = <u32>m.w0,
    total = <u32>m.w1;
  if (sys.recv(EP, m) < 0) return 2;
  const nf = sys.infoSlot(m.info);
  const base = sys.mapShared(mem, pages);
  if (base < 0 || nf == sys.NO_SLOT) return 3;
  const reader = new RingReader(Ring.attach(<usize>base), nf);
  const buf = new Uint8Array(1000);
  let got: u32 = 0,
    sum: u32 = 0,
    bad: u32 = 0;
  while (got < total) {
    const n = reader.receive(buf.dataStart, <u32>buf.length);
    if (n <= 0) return 4;
    for (let i: i32 = 0; i < <i32>n; i++) {
      const want = <u8>(((got + <u32>i) * 131) >> 3);
      const b = buf[i];
      if (b != want) bad++;
      sum = sum * 31 + b;
    }
    got += <u32>n;
  }
  return sys.send(EP, sys.infoWord(2), got, sum, bad) < 0 ? 5 : 0;
}

export function main(): void {
  const role = sys.args();
  let r = 100;
  if (role == "nothing") r = 0;
  else if (role == "noauth") r = noauth();
  else if (role == "sleepsend") r = sleepsend();
  else if (role == "order") r = order();
  else if (role == "grant") r = grant();
  else if (role == "ring") r = ring();
  sys.exit(r);
}
