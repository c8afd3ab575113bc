// (e) Fault isolation: each way crashy can break ends crashy alone, with the
// fault code of docs/cells.md; its supervisor is notified; cell_restart
// runs it again; ticker keeps counting throughout.
import * as sys from "../../lib/sys";
import * as t from "./t";

const KINDS = ["null", "text", "nx", "illegal", "oob", "unreachable", "abort", "runaway"];
const WHAT = [
  "a null read",
  "a write to its own text (W^X)",
  "executing its data (NX)",
  "an illegal instruction",
  "a wasm out-of-bounds access",
  "wasm unreachable",
  "abort()",
  "a runaway loop past its CPU budget",
];
const CODES: i64[] = [2, 2, 2, 3, 16, 16, 16, 17];

let tick: usize = 0;
function ticks(): u32 {
  return sys.loadAcquire(tick);
}

// Waits (up to 2 s) for ticker to count past `from`.
function tickerMoved(from: u32): string {
  const t0 = sys.time();
  while (ticks() <= from) {
    if (sys.time() - t0 > 2_000_000_000) return "ticker stopped at " + from.toString();
    sys.sleep(2_000_000);
  }
  return "";
}

// Waits for crashy's notification, then checks how it ended.
function faulted(nf: u32, cell: i64, want: i64): string {
  const bits = sys.wait(nf);
  if (bits < 0 || (bits & 1) == 0) return "the notification gave " + bits.toString();
  const st = sys.cellStatus(<u32>cell);
  const code = <i64>sys.sysResult(1);
  if (st != sys.CELL_FAULTED || code != want)
    return "state " + st.toString() + " code " + code.toString() + ", want faulted with code " + want.toString();
  return "";
}

export function faults(): void {
  const mem = <u32>sys.memCreate(1);
  const page = sys.mapShared(mem, 1);
  tick = <usize>page;
  const ticker = t.start("ticker", [mem]);
  if (page < 0 || ticker < 0) {
    t.result("faults", "cannot start ticker");
    return;
  }
  tickerMoved(0);
  const nf = <u32>sys.notifyCreate();
  for (let i = 0; i < KINDS.length; i++) {
    const from = ticks();
    const cell = t.start("crashy", [], KINDS[i], KINDS[i] == "runaway" ? 200 : 10_000, nf);
    if (cell < 0) {
      t.result("faults: " + WHAT[i], "cannot start crashy: " + sys.errorName(cell));
      continue;
    }
    const first = faulted(nf, cell, CODES[i]);
    const restarted = sys.cellRestart(<u32>cell);
    const again = restarted < 0 ? "cell_restart: " + sys.errorName(restarted) : faulted(nf, cell, CODES[i]);
    t.result(
      "faults: " + WHAT[i] + " kills the cell alone, code " + CODES[i].toString() + ", restart works",
      t.first(
        first,
        again.length > 0 ? "after restart: " + again : "",
        tickerMoved(from),
        sys.cellStatus(<u32>ticker) == sys.CELL_RUNNING ? "" : "ticker ended",
      ),
    );
    sys.capDrop(<u32>cell);
  }
  // The bystander is still there to kill.
  const killed = sys.cellKill(<u32>ticker);
  t.result(
    "faults: ticker ran throughout, then cell_kill ends it",
    t.first(t.eq("cell_kill", killed, 0), t.eq("ticker state", t.finish(ticker), sys.CELL_KILLED)),
  );
  sys.capDrop(<u32>ticker);
  sys.unmap(sys.addr(tick), 1);
  sys.capDrop(mem);
  sys.capDrop(nf);
}
