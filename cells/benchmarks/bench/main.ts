// Benchmarks of the microkernel's paths as a cell sees them (docs/performance.md),
// with its peers benchsrv, benchring and benchnop. Standard slots: 0 console,
// 2 spawn, 3 kinfo. Each figure is the median of REPS runs timed with the
// `time` call (the guest's clock; under qemu -icount shift=0 one guest ns is
// one instruction). Prints `bench: NAME VALUE UNIT` lines as the kernel's
// own benchmarks do (scripts/bench.ts reads both), then exits 0; 1 if a
// step failed (a `bench: error` line says which).
import { println } from "../../lib/console";
import * as sys from "../../lib/sys";
import { Ring, RingWriter } from "../../lib/ring";

const OUT = sys.STDOUT,
  SPAWN = sys.SPAWN,
  KINFO = sys.KINFO;
const REPS = 5;

function fail(what: string, r: i64): void {
  println("bench: error " + what + ": " + sys.errorName(r) + " (" + r.toString() + ")");
  sys.exit(1);
}
function check(what: string, r: i64): i64 {
  if (r < 0) fail(what, r);
  return r;
}

function median(xs: Array<u64>): u64 {
  const s = xs.slice(0);
  s.sort((a: u64, b: u64): i32 => (a < b ? -1 : a > b ? 1 : 0));
  return s[s.length >> 1];
}
// Tenths, so fast figures still show a digit (as kernel/bench.ts does).
function tenths(x10: u64): string {
  return (x10 / 10).toString() + "." + (x10 % 10).toString();
}
function perOp(name: string, ops: u64, ns: u64): void {
  println("bench: " + name + " " + tenths((ns * 10) / ops) + " ns/op");
}
function total(name: string, ns: u64): void {
  println("bench: " + name + " " + ns.toString() + " ns");
}

// One of the kinfo counters (`name value` lines).
const kbuf = new ArrayBuffer(256);
function counter(name: string): u64 {
  const n = check("kinfo counters", sys.kinfo(KINFO, sys.KINFO_COUNTERS, changetype<usize>(kbuf), 256));
  const lines = String.UTF8.decode(kbuf.slice(0, <i32>n)).split("\n");
  for (let i = 0; i < lines.length; i++) if (lines[i].startsWith(name + " ")) return U64.parseInt(lines[i].substring(name.length + 1));
  fail("no counter " + name, sys.E_INVAL);
  return 0;
}

// The cheapest calls: cap_info on an empty slot (a table lookup), and poll
// on a notification with no bits set.
function nullSyscall(): void {
  const N: u64 = 10000;
  if (sys.capInfo(63) != 0) fail("slot 63 is not empty", sys.E_INVAL);
  const note = <u32>check("notify_create", sys.notifyCreate());
  const capInfo = new Array<u64>(),
    poll = new Array<u64>();
  for (let r = 0; r < REPS; r++) {
    let t = sys.time();
    for (let i: u64 = 0; i < N; i++) sys.capInfo(63);
    capInfo.push(<u64>(sys.time() - t));
    t = sys.time();
    for (let i: u64 = 0; i < N; i++) sys.poll(note);
    poll.push(<u64>(sys.time() - t));
  }
  perOp("null-syscall", N, median(capInfo));
  perOp("notification-poll", N, median(poll));
}

// call + reply round trip to benchsrv (reply_recv loop). After the first
// call the server always waits in recv when we call, so each call should
// take the fast path: the kinfo counters say whether it did.
function ipcRoundTrip(): void {
  const N: u64 = 2000;
  const ep = <u32>check("endpoint_create", sys.endpointCreate());
  const done = <u32>check("notify_create", sys.notifyCreate());
  const srv = <u32>check("spawn benchsrv", sys.spawn(SPAWN, "benchsrv", [OUT, ep], done));
  check("first call", sys.call(ep, sys.infoWord(1), 41));
  if (sys.msg.w0 != 42) fail("wrong reply", sys.E_INVAL);
  const times = new Array<u64>();
  let direct: u64 = 0,
    queued: u64 = 0,
    sum: u64 = 0;
  for (let r = 0; r < REPS; r++) {
    const d0 = counter("ipc-calls-direct"),
      q0 = counter("ipc-calls-queued");
    const t = sys.time();
    for (let i: u64 = 0; i < N; i++) {
      sys.call(ep, sys.infoWord(1), i);
      sum += sys.msg.w0;
    }
    times.push(<u64>(sys.time() - t));
    direct += counter("ipc-calls-direct") - d0;
    queued += counter("ipc-calls-queued") - q0;
  }
  if (sum != <u64>REPS * ((N * (N + 1)) / 2)) fail("wrong replies", sys.E_INVAL);
  check("last call", sys.call(ep, sys.infoWord(0xffff)));
  sys.wait(done);
  if (sys.cellStatus(srv) != sys.CELL_EXITED || sys.sysResult(1) != 0) fail("benchsrv did not exit 0", sys.E_INVAL);
  sys.capDrop(srv);
  perOp("ipc-call-round-trip", N, median(times));
  // Share of the timed calls that handed the CPU straight to the waiting server.
  println("bench: ipc-fast-path " + tenths((direct * 1000) / (<u64>REPS * N)) + " %");
  println(
    "# ipc-call-round-trip: " + direct.toString() + " calls direct, " + queued.toString() + " queued, of " + (<u64>REPS * N).toString(),
  );
}

// Bytes through a cells/lib/ring.ts ring in 16 shared pages to benchring,
// a notification after each push, the writer yielding when the ring is full.
function ringThroughput(): void {
  const PAGES: u32 = 16,
    PIECE: i32 = 251 * 16,
    PIECES: u64 = 1024;
  const TOTAL: u64 = <u64>PIECE * PIECES; // 4,112,384 bytes
  const mem = <u32>check("mem_create", sys.memCreate(PAGES));
  const off = check("map shared", sys.mapShared(mem, PAGES));
  const data = <u32>check("notify_create", sys.notifyCreate());
  const ready = <u32>check("notify_create", sys.notifyCreate());
  const done = <u32>check("notify_create", sys.notifyCreate());
  const piece = new Uint8Array(PIECE);
  for (let i = 0; i < PIECE; i++) piece[i] = <u8>(i % 251); // the stream's byte j is j % 251
  const times = new Array<u64>();
  for (let r = 0; r < REPS; r++) {
    sys.poll(data);
    const ring = Ring.create(<usize>off, PAGES * sys.PAGE_SIZE);
    const writer = new RingWriter(ring, data);
    const c = <u32>check("spawn benchring", sys.spawn(SPAWN, "benchring", [OUT, mem, data, ready], done, 0, TOTAL.toString()));
    sys.wait(ready);
    const t = sys.time();
    for (let p: u64 = 0; p < PIECES; p++) writer.sendAll(piece.dataStart, <u32>PIECE);
    while ((sys.wait(ready) & 2) == 0) {} // all taken (its teardown is not part of the figure)
    times.push(<u64>(sys.time() - t));
    sys.wait(done);
    if (sys.cellStatus(c) != sys.CELL_EXITED || sys.sysResult(1) != 0) fail("benchring did not exit 0", <i64>sys.sysResult(1));
    sys.capDrop(c);
  }
  // MB/s = bytes * 1000 / ns; in tenths.
  println("bench: ring-throughput " + tenths((TOTAL * 10000) / median(times)) + " MB/s");
}

// spawn of benchnop: until the call returns, until the new cell runs its
// first line (it signals `started` with its clock reading), and until its
// end is signalled (after its teardown).
function spawnTime(): void {
  const started = <u32>check("notify_create", sys.notifyCreate());
  const ended = <u32>check("notify_create", sys.notifyCreate());
  const call = new Array<u64>(),
    running = new Array<u64>(),
    exited = new Array<u64>();
  for (let r = 0; r < REPS; r++) {
    sys.poll(started);
    sys.poll(ended);
    const t = sys.time();
    const c = <u32>check("spawn benchnop", sys.spawn(SPAWN, "benchnop", [started], ended));
    const t0 = sys.time();
    const t1 = sys.wait(started); // benchnop's first clock reading
    sys.wait(ended);
    const t2 = sys.time();
    if (sys.cellStatus(c) != sys.CELL_EXITED) fail("benchnop did not exit", sys.E_INVAL);
    sys.capDrop(c);
    call.push(<u64>(t0 - t));
    running.push(<u64>(t1 - t));
    exited.push(<u64>(t2 - t));
  }
  total("spawn-call", median(call));
  total("spawn-to-running", median(running));
  total("spawn-to-exit", median(exited));
}

export function main(): void {
  nullSyscall();
  ipcRoundTrip();
  ringThroughput();
  spawnTime();
  println("bench: cells done");
}
