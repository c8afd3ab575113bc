// (f) Devices: the mmio and irq capabilities init hands us in slots 5 and 6
// (the goldfish RTC on riscv64 virt, the HPET on x86_64 pc), used by the
// driver cell `timerdrv`, and refused to everyone without them.
import * as sys from "../../lib/sys";
import * as t from "./t";

const MMIO = sys.DEVICE_MMIO,
  IRQ = sys.DEVICE_IRQ,
  NONE = sys.NO_SLOT;
const FAR: u64 = 0xf_0000_0000; // in the map area, far from the linear memory

export function devices(): void {
  const have = t.first(
    t.eq("cap_info of slot 5 (mmio)", sys.capInfo(MMIO) & 0xff, sys.KIND_MMIO),
    t.eq("cap_info of slot 6 (irq)", sys.capInfo(IRQ) & 0xff, sys.KIND_IRQ),
  );
  t.result(
    "devices: with the mmio and irq capabilities the driver reads the counter and takes the alarm's interrupt",
    have.length > 0 ? have : t.run("timerdrv", [0, 0, NONE, NONE, NONE, MMIO, IRQ], ""),
  );

  t.result(
    "devices: a cell without the capabilities can neither map the registers nor wait for the interrupt",
    t.first(
      t.run("timerdrv", [0, 0], "denied " + sys.E_BADSLOT.toString()),
      t.run("timerdrv", [0, 0, NONE, NONE, NONE, 0, 0], "denied " + sys.E_KIND.toString()),
    ),
  );

  // A READ copy maps read-only and nothing more; the mapping owns no frames,
  // so unmapping it must give none back to the allocator. (An anonymous page
  // mapped there first builds the page tables the count would otherwise see.)
  sys.map(sys.MAP_ANON, FAR, 1, sys.PROT_READ);
  sys.unmap(FAR, 1);
  const before = t.settledFrames();
  const ro = sys.capCopy(MMIO, sys.R_READ);
  const rw = ro < 0 ? ro : sys.map(<u32>ro, FAR, 1, sys.PROT_READ | sys.PROT_WRITE);
  const x = ro < 0 ? ro : sys.map(<u32>ro, FAR, 1, sys.PROT_READ | sys.PROT_EXEC);
  const xfull = sys.map(MMIO, FAR, 1, sys.PROT_READ | sys.PROT_EXEC);
  const big = ro < 0 ? ro : sys.map(<u32>ro, FAR, 2, sys.PROT_READ);
  const r = ro < 0 ? ro : sys.map(<u32>ro, FAR, 1, sys.PROT_READ);
  const u = sys.unmap(FAR, 1);
  sys.capDrop(<u32>ro);
  t.result(
    "devices: an mmio capability copied READ-only maps read-only, never writable or executable",
    t.first(
      t.first(
        t.eq("cap_copy", ro < 0 ? ro : 0, 0),
        t.eq("map READ|WRITE", rw, sys.E_RIGHTS),
        t.eq("map READ|EXEC", x, sys.E_RIGHTS),
        t.eq("map READ|EXEC with the original", xfull, sys.E_RIGHTS),
      ),
      t.eq("map of 2 pages", big, sys.E_INVAL),
      t.eq("map READ", r, 0),
      t.first(t.eq("unmap", u, 0), t.eq("free frames after map and unmap", t.settledFrames(), before)),
    ),
  );

  // The driver waits on a copy of the irq capability; revoking the copy's
  // parent deletes the driver's capability and must end its wait (E_GONE).
  // Nothing tells this cell when the driver has begun to wait: it gives it
  // 100 ms, and twice as long again each time the driver reports (exit code
  // 2) that the revoke came before its wait, up to five tries.
  let why = "";
  for (let attempt = 0, ms: u64 = 100; attempt < 5; attempt++, ms *= 2) {
    const c = sys.capCopy(IRQ, sys.R_WAIT | sys.R_ACK);
    if (c < 0) {
      why = "cap_copy: " + sys.errorName(c);
      break;
    }
    const cell = t.start("timerdrv", [0, 0, NONE, NONE, NONE, NONE, <u32>c], "waitgone");
    if (cell < 0) {
      why = "cannot start timerdrv: " + sys.errorName(cell);
      sys.capDrop(<u32>c);
      break;
    }
    sys.sleep(ms * 1_000_000);
    const still = sys.cellStatus(<u32>cell);
    const gone = sys.capRevoke(<u32>c);
    const st = t.finish(cell);
    sys.capDrop(<u32>cell);
    sys.capDrop(<u32>c);
    const early = st == sys.CELL_EXITED && t.code == 2;
    why = t.first(
      t.eq("driver state before the revoke", still, sys.CELL_RUNNING),
      gone < 1 ? "cap_revoke deleted " + gone.toString() : "",
      early ? "the revoke came before the driver's wait, " + (attempt + 1).toString() + " times" : t.describe("timerdrv", st, 0),
    );
    if (!early) break;
  }
  t.result("devices: revoking the irq capability a cell waits on wakes it with E_GONE", why);
}
