// (b) Capability negatives: no capability, the wrong kind, too few rights,
// revoked, dropped, and a cell started with nothing.
import * as sys from "../../lib/sys";
import * as t from "./t";

const EMPTY: u32 = 40;
const buf = memory.data(8);

function write(slot: u32): i64 {
  store<u8>(buf, 0x2e);
  return sys.consoleWrite(slot, buf, 0);
}

export function caps(): void {
  t.result(
    "caps: no capability is denied (console_write on an empty slot)",
    t.first(
      t.eq("cap_info of the empty slot", sys.capInfo(EMPTY), 0),
      t.eq("console_write", write(EMPTY), sys.E_BADSLOT),
      t.eq("console_write slot 64", write(64), sys.E_BADSLOT),
    ),
  );
  t.result("caps: a capability of the wrong kind is denied", t.eq("console_write on kinfo", write(t.KINFO), sys.E_KIND));

  const ro = sys.capCopy(0, sys.R_READ);
  const wider = ro < 0 ? ro : sys.capCopy(<u32>ro, 0xff);
  t.result(
    "caps: a derived capability cannot exceed its parent's rights",
    t.first(
      ro < 0 || wider < 0 ? "cap_copy failed: " + sys.errorName(ro < 0 ? ro : wider) : "",
      t.eq("rights of a copy asked with every right", sys.capInfo(<u32>wider), sys.KIND_CONSOLE | (sys.R_READ << 8)),
      t.eq("console_write without WRITE", write(<u32>wider), sys.E_RIGHTS),
    ),
  );
  sys.capDrop(<u32>ro); // and wider with it

  const parent = sys.capCopy(0, sys.R_WRITE);
  const child = parent < 0 ? parent : sys.capCopy(<u32>parent, sys.R_WRITE);
  const usable = write(<u32>child);
  const gone = sys.capRevoke(<u32>parent);
  t.result(
    "caps: a revoked capability fails",
    t.first(
      parent < 0 || child < 0 ? "cap_copy failed" : "",
      t.eq("console_write before revoke", usable, 0),
      gone < 1 ? "cap_revoke deleted " + gone.toString() : "",
      t.first(
        t.eq("cap_info of the child", sys.capInfo(<u32>child), 0),
        t.eq("console_write on the child", write(<u32>child), sys.E_BADSLOT),
        t.eq("console_write on the parent", write(<u32>parent), 0),
      ),
    ),
  );
  sys.capDrop(<u32>parent);

  const d = sys.capCopy(0, sys.R_WRITE | sys.R_READ);
  const dropped = d < 0 ? d : sys.capDrop(<u32>d);
  t.result(
    "caps: a dropped capability cannot be regained",
    t.first(
      t.eq("cap_drop", dropped, 0),
      t.eq("console_write", write(<u32>d), sys.E_BADSLOT),
      t.eq("cap_copy from the slot", sys.capCopy(<u32>d, 0xff), sys.E_BADSLOT),
      t.eq("cap_drop again", sys.capDrop(<u32>d), sys.E_BADSLOT),
    ),
  );

  // The peer tries slots 0-63 for printing, mapping, spawning, IPC, cell
  // control, kinfo and notify; its exit code has a bit per success.
  t.result("caps: a cell started with no capabilities has no authority", t.run("utpeer", [], "noauth"));

  // Once a cell has ended and its last capability is gone, nothing can name
  // it again: the kernel must forget it, or its list (ps) grows for ever.
  const before = cellLines();
  let why = "";
  for (let i = 0; i < 10 && why.length == 0; i++) why = t.run("utpeer", [], "nothing");
  t.result(
    "caps: an ended cell whose last capability is dropped is forgotten",
    t.first(why, t.eq("lines of kinfo(KINFO_CELLS)", cellLines(), before)),
  );
}

const list = new ArrayBuffer(8192);
function cellLines(): i64 {
  const n = sys.kinfo(t.KINFO, sys.KINFO_CELLS, changetype<usize>(list), 8192);
  let lines: i64 = 0;
  for (let i: i64 = 0; i < n; i++) if (load<u8>(changetype<usize>(list) + <usize>i) == 10) lines++;
  return n < 0 ? n : lines;
}
