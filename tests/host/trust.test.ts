// Verified boot and the ledger: the kernel's own TS (kernel/trust/, compiled
// as for the kernel) judges initrds that the host CLI (scripts/nexus/) builds,
// good and broken every way the QEMU cases break them and more; random damage
// never crashes it nor gets a changed bundle accepted; and its ledger lines
// are the ones `nexus ledger verify` recomputes.
import { test } from "node:test";
import assert from "node:assert/strict";
import { loadModule, FakeMemory, type Loaded } from "./lib/fakehal.ts";
import { keyFromSeed, type SecretKey } from "../../scripts/nexus/keys.ts";
import { pack, signBundle, parseBundle } from "../../scripts/nexus/bundle.ts";
import { buildInitrd } from "../../scripts/nexus/initrd.ts";
import { makeVariants } from "../../scripts/nexus/testvariants.ts";
import { verifyLedger, ledgerLines, headLine } from "../../scripts/nexus/ledger.ts";

const BASE = 0x4000_0000n;
const seedOf = (n: number) => new Uint8Array(32).fill(n);
const KEY = keyFromSeed(seedOf(7));
const OTHER = keyFromSeed(seedOf(9));

let seed = Number(process.env.NEXUS_SEED ?? Date.now() % 1e9);
console.log(`# trust.test seed ${seed} (NEXUS_SEED repeats it)`);
const rand = () => {
  seed = (seed * 1103515245 + 12345) % 2 ** 31;
  return seed / 2 ** 31;
};

function bundle(name: string, payload: Uint8Array, key: SecretKey | null = KEY): Uint8Array {
  const b = pack(payload, { name, kind: "file", arch: "any", caps: [] });
  return key ? signBundle(b, key) : b;
}

function bytesOf(n: number, salt: number): Uint8Array {
  const b = new Uint8Array(n);
  for (let i = 0; i < n; i++) b[i] = (i * 31 + salt) & 0xff;
  return b;
}

function initrdOf(files: Uint8Array[], version = 1n, signer = KEY): Uint8Array {
  const parsed = files.map((f) => ({ f, b: parseBundle(f) }));
  return buildInitrd(
    version,
    parsed.map((p) => ({ cid: p.b.cid, bodyLength: p.b.body.length, name: p.b.manifest.name })),
    parsed.map((p) => ({ cid: p.b.cid, file: p.f })),
    signer,
  );
}

interface Outcome {
  events: { event: string; subject: string; result: string; message: string }[];
  verified: number;
  refused: number;
  names: string[];
}

let mod: Loaded;
async function judge(initrd: Uint8Array, keys: SecretKey[] = [KEY], minVersion = 1n, moduleSize = initrd.length): Promise<Outcome> {
  const mem = new FakeMemory();
  const padded = new Uint8Array(moduleSize);
  padded.set(initrd.subarray(0, Math.min(initrd.length, moduleSize)));
  mem.map(BASE, padded);
  mod = await loadModule("trust", mem);
  mod.exports.clearKeys();
  for (const k of keys) {
    new Uint8Array(mod.exports.memory.buffer, mod.exports.scratch(), 32).set(k.pub);
    mod.exports.addKey();
  }
  const text: string = mod.str(mod.exports.verify(BASE, BigInt(moduleSize), minVersion));
  const lines = text.split("\n");
  const last = /^verified (\d+) refused (\d+) bundles (.*)$/.exec(lines.pop()!);
  assert.ok(last, "summary line");
  const events = lines.map((l) => {
    const m = /^(\S+) ([0-9a-f]{64}) (\S+) \| (.*)$/.exec(l);
    assert.ok(m, `event line: ${l}`);
    return { event: m[1], subject: m[2], result: m[3], message: m[4] };
  });
  return { events, verified: Number(last[1]), refused: Number(last[2]), names: last[3] ? last[3].split(",") : [] };
}

const FILES = () => [
  bundle("about", bytesOf(300, 1)),
  bundle("big", bytesOf(200_000, 2)),
  bundle("empty", new Uint8Array(0)),
  bundle("motd", bytesOf(151, 3)),
];

test("a good initrd: every bundle verified, content IDs as the CLI computed them", async () => {
  const files = FILES();
  const o = await judge(initrdOf(files));
  assert.deepEqual([o.verified, o.refused], [4, 0]);
  assert.deepEqual(o.names, ["about", "big", "empty", "motd"]);
  const cids = files.map((f) => Buffer.from(parseBundle(f).cid).toString("hex"));
  assert.deepEqual(
    o.events.filter((e) => e.event === "bundle").map((e) => e.subject),
    cids,
  );
  assert.ok(o.events.every((e) => e.result === "ok"));
  assert.match(o.events[1].message, /^initrd manifest version 1 signed by [0-9a-f]{16}, 4 bundles$/);
});

test("Merkle roots the CLI wrote verify for 0 to 9 entries (odd levels carried up)", async () => {
  for (let n = 0; n <= 9; n++) {
    const files = Array.from({ length: n }, (_, i) => bundle(`f${i}`, bytesOf(10 + i, i)));
    const o = await judge(initrdOf(files));
    assert.deepEqual([o.verified, o.refused], [n, 0], `${n} entries`);
  }
});

test("each bad initrd of the QEMU cases is refused for its own reason, the rest still used", async () => {
  const v = makeVariants({ bundles: FILES(), key: KEY, otherKey: OTHER, version: 2n, rollbackVersion: 1n });
  const expect: Record<string, [number, number, RegExp]> = {
    good: [4, 0, /./],
    flipped: [3, 1, /^bundle \S+ cid-mismatch refused bundle \S+: content ID mismatch/],
    "unknown-key": [0, 1, /^manifest \S+ unknown-key refused initrd manifest: signed by an unknown key [0-9a-f]{16}$/],
    unsigned: [3, 1, /^bundle \S+ unsigned refused bundle \S+: it is unsigned$/],
    truncated: [0, 1, /^initrd \S+ truncated refused initrd: initrd is \d+ bytes but its header says \d+$/],
    rollback: [0, 1, /^manifest \S+ rollback refused initrd manifest: version 1 is older than this kernel's minimum 2$/],
  };
  for (const [name, [ok, refused, line]] of Object.entries(expect)) {
    const o = await judge(v[name as keyof typeof v], [KEY], 2n);
    assert.deepEqual([o.verified, o.refused], [ok, refused], name);
    if (refused > 0) {
      const bad = o.events.filter((e) => e.result !== "ok");
      assert.equal(bad.length, 1, name);
      assert.match(`${bad[0].event} ${bad[0].subject} ${bad[0].result} ${bad[0].message}`, line, name);
    }
  }
});

test("more ways to be bad: a bundle signed by an unknown key, a bad bundle signature, no initrd at all, loader padding", async () => {
  const files = FILES();
  files[1] = bundle("big", bytesOf(200_000, 2), OTHER);
  let o = await judge(initrdOf(files));
  assert.deepEqual([o.verified, o.refused], [3, 1]);
  assert.match(o.events.find((e) => e.result !== "ok")!.message, /^refused bundle big: signed by an unknown key [0-9a-f]{16}$/);

  // A trailer whose signature is over another content ID.
  const a = bundle("about", bytesOf(300, 1));
  const other = bundle("about", bytesOf(300, 99));
  const forged = new Uint8Array(a);
  forged.set(other.subarray(other.length - 64), forged.length - 64);
  o = await judge(initrdOf([forged, files[3]]));
  assert.deepEqual([o.verified, o.refused], [1, 1]);
  assert.match(
    o.events.find((e) => e.result !== "ok")!.message,
    /^refused bundle about: bad signature \(the signature does not verify|^refused bundle about: bad signature/,
  );

  o = await judge(new TextEncoder().encode("not an initrd at all, just some text of a file"));
  assert.deepEqual([o.verified, o.refused], [0, 1]);
  assert.equal(o.events[0].message, "refused initrd: not an initrd (bad magic)");

  o = await judge(initrdOf(FILES()), [KEY], 1n, initrdOf(FILES()).length + 4096);
  assert.deepEqual([o.verified, o.refused], [4, 0], "a loader's padding after the initrd is ignored");
});

test("random damage: the kernel never traps, and never accepts a bundle that is not what was signed", async () => {
  const files = FILES();
  const good = initrdOf(files);
  const cids = new Set(files.map((f) => Buffer.from(parseBundle(f).cid).toString("hex")));
  for (let i = 0; i < 150; i++) {
    const bad = new Uint8Array(good);
    const kind = Math.floor(rand() * 3);
    let len = bad.length;
    if (kind === 0) bad[Math.floor(rand() * bad.length)] ^= 1 << Math.floor(rand() * 8);
    else if (kind === 1) for (let j = 0; j < 8; j++) bad[Math.floor(rand() * bad.length)] = Math.floor(rand() * 256);
    else len = Math.floor(rand() * bad.length);
    const o = await judge(bad.subarray(0, len), [KEY], 1n, len);
    for (const e of o.events)
      if (e.event === "bundle" && e.result === "ok") assert.ok(cids.has(e.subject), `case ${i}: accepted ${e.subject}`);
    if (len < good.length) assert.equal(o.verified, 0, `case ${i}: a cut initrd is refused whole`);
    assert.ok(o.verified + o.refused >= 1, `case ${i}: said nothing`);
  }
});

test("the kernel's ledger lines are the chain nexus ledger verify recomputes", async () => {
  mod = await loadModule("trust", new FakeMemory());
  mod.exports.ledgerReset();
  const entries: { time: bigint; event: string; subject: Uint8Array; result: string }[] = [];
  const lines: string[] = [];
  const words = ["boot", "kernel", "initrd", "manifest", "bundle", "cell-start"];
  for (let i = 0; i < 40; i++) {
    const subject = rand() < 0.2 ? new Uint8Array(32) : bytesOf(32, i);
    new Uint8Array(mod.exports.memory.buffer, mod.exports.scratch(), 32).set(subject);
    const time = BigInt(Math.floor(rand() * 1e12));
    const event = words[i % words.length];
    const result = rand() < 0.5 ? "ok" : "cid-mismatch";
    lines.push(mod.str(mod.exports.ledgerAppend(time, mod.newStr(event), true, mod.newStr(result))));
    entries.push({ time, event, subject, result });
  }
  const summary = mod.str(mod.exports.ledgerSummary());
  const host = ledgerLines(entries);
  assert.deepEqual(lines, host.lines);
  assert.equal(summary, headLine(40, host.head));
  const chains = verifyLedger(["noise", ...lines, summary].join("\r\n"));
  assert.equal(chains[0].entries, 40);
  // A bad token is made visible, not printed as given.
  const bad = mod.str(mod.exports.ledgerAppend(1n, mod.newStr("has space"), false, mod.newStr("ok")));
  assert.match(bad, /^LEDGER 40 1 bad-token 0{64} ok [0-9a-f]{64}$/);
});
