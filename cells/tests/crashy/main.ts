// crashy: faults the way its argument says, for usertests' fault-isolation
// tests. It holds no capabilities. Each fault must end it alone
// (docs/cells.md gives the code cell_status reports).
import * as sys from "../../lib/sys";

let sink: u32 = 0;
const word = memory.data(4, 4);

export function main(): void {
  const how = sys.args();
  if (how == "null")
    sys.sysFault(1); // page fault (2)
  else if (how == "text")
    sys.sysFault(2); // W^X: page fault (2)
  else if (how == "nx")
    sys.sysFault(3); // NX: page fault (2)
  else if (how == "illegal")
    sys.sysFault(4); // illegal instruction (3)
  else if (how == "oob")
    sink = load<u32>(<usize>0xffff_fff0 - <usize>how.length); // wasm trap (16)
  else if (how == "unreachable")
    unreachable(); // wasm trap (16)
  else if (how == "abort")
    abort("crashy abort"); // wasm trap (16)
  else if (how == "runaway") {
    // its CPU budget (17)
    while (true) sys.storeRelease(word, ++sink); // an import call: not optimised away
  }
  sys.exit(99); // still here: the fault did not happen
}
