// A cell for tests/host/cells.test.ts, run on Linux with tests/host/lib/cellhost.c
// in the kernel's place: the linear memory grows, a shared region is mapped
// and a ring moves bytes through it, an unknown call fails, then an assert
// fails (abort: trap 100).
import { println } from "../../../cells/lib/console";
import { mapShared, sysCall, errorName } from "../../../cells/lib/sys";
import { Ring } from "../../../cells/lib/ring";

export function main(): void {
  println("rt: start, " + memory.size().toString() + " pages");
  const big = new Uint8Array(3 << 20);
  for (let i = 0; i < big.length; i += 4096) big[i] = <u8>i;
  println("rt: grew to " + memory.size().toString() + " pages");
  const off = mapShared(5, 3);
  const ring = Ring.create(<usize>off, 3 * 4096);
  const msg = String.UTF8.encode("through the ring");
  ring.push(changetype<usize>(msg), msg.byteLength);
  const out = new ArrayBuffer(64);
  const n = ring.pop(changetype<usize>(out), 64);
  println("rt: shared at " + off.toString() + ", capacity " + ring.capacity.toString() + ": " + String.UTF8.decode(out.slice(0, n)));
  println("rt: call 99: " + errorName(sysCall(99, 0, 0, 0, 0, 0, 0)));
  assert(big.length == 0, "deliberate");
}
