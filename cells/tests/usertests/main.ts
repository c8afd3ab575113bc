// usertests: the user-space test suite (docs/usertests.md), in the spirit
// of xv6's usertests and seL4's sel4test. Every test prints
// `usertests: ok N - name` or `usertests: not ok N - name: why`; then a
// summary; the exit code is the number of failures. Standard slots:
// 0 console, 1 console, 2 spawn, 3 kinfo, 4 initrd, 5 mmio, 6 irq. `seed=N` in the
// arguments fixes the fuzzer's seed (else the clock picks it).
import { println } from "../../lib/console";
import * as sys from "../../lib/sys";
import * as t from "./t";
import { fuzz } from "./fuzz";
import { caps } from "./caps";
import { ipc } from "./ipc";
import { rings } from "./rings";
import { faults } from "./faults";
import { devices } from "./devices";

function seedArg(): u64 {
  const words = sys.args().split(" ");
  for (let i = 0; i < words.length; i++) if (words[i].startsWith("seed=")) return U64.parseInt(words[i].substring(5));
  return (<u64>sys.time() * 0x9e37_79b9_7f4a_7c15) | 1;
}

export function main(): void {
  t.init();
  caps();
  ipc();
  rings();
  faults();
  devices();
  fuzz(seedArg());
  println("usertests: " + t.passed.toString() + " passed, " + t.failed.toString() + " failed");
  sys.exit(t.failed);
}
