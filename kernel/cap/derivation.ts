// The derivation tree: deleting a capability deletes everything derived from
// it, in every table (docs/syscalls.md, cap_revoke). Cells may copy a copy of
// a copy as often as they like, so the walk keeps its own stack rather than
// recursing: the kernel's shadow stack is 64 KiB.
import { Capability } from "./capability";
import { KernelObject } from "./object";

export function adopt(parent: Capability, child: Capability): void {
  child.parent = parent;
  parent.children.push(child);
}

// Delete everything derived from `root`, and `root` as well unless keepRoot;
// the number deleted. Children go before their parent, each node's children
// array emptied as the walk descends into it. Objects whose last capability
// went are destroyed after the walk, when every table is consistent again, so
// destroy() may delete capabilities itself (a dying cell clearing its table).
export function deleteTree(root: Capability, keepRoot: bool): i32 {
  if (!keepRoot) detach(root);
  const dead = new Array<KernelObject>();
  const stack = new Array<Capability>();
  stack.push(root);
  let count = 0;
  while (stack.length > 0) {
    const top = unchecked(stack[stack.length - 1]);
    if (top.children.length > 0) {
      stack.push(top.children.pop());
      continue;
    }
    stack.pop();
    if (top === root && keepRoot) break; // the root comes last
    erase(top, dead);
    count++;
  }
  for (let i = 0; i < dead.length; i++) {
    const obj = unchecked(dead[i]);
    if (obj.caps == 0) obj.destroy(); // unless an earlier destroy() named it again
  }
  return count;
}

// Take `cap` out of its parent's children (order among siblings is no matter).
function detach(cap: Capability): void {
  const parent = cap.parent;
  if (parent === null) return;
  const siblings = parent.children;
  const i = siblings.indexOf(cap);
  const last = siblings.pop();
  if (last !== cap) siblings[i] = last;
  cap.parent = null;
}

// Empty its slot and mark it dead for anyone holding a reference.
function erase(cap: Capability, dead: Array<KernelObject>): void {
  cap.table!.vacate(cap.slot);
  cap.table = null;
  cap.slot = -1;
  cap.rights = 0;
  cap.parent = null;
  const obj = cap.object;
  obj.capDeleted(cap);
  if (--obj.caps == 0) dead.push(obj);
}
