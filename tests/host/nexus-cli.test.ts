// The host CLI (scripts/nexus.ts, scripts/nexus/): every format of
// docs/formats.md written and read back, every refusal with its message, and
// the ledger chain checks. Most cases call main() in-process; a few run the
// real binary to check exit codes, the bin shim and that no stack trace leaks.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync, statSync, rmSync, mkdirSync, copyFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { hash } from "blake3-wasm";
import { main } from "../../scripts/nexus.ts";
import { FormatError, Writer } from "../../scripts/nexus/bytes.ts";
import { keyFromSeed, readSecretKey, readPublicKey } from "../../scripts/nexus/keys.ts";
import { pack, parseBundle, signBundle, bundleSignature } from "../../scripts/nexus/bundle.ts";
import { encodeManifest, decodeManifest } from "../../scripts/nexus/manifest.ts";
import { merkleRoot, merkleProof, checkProof } from "../../scripts/nexus/merkle.ts";
import { buildInitrd, initrdFromBundles, parseInitrd, checkInitrd } from "../../scripts/nexus/initrd.ts";
import { ledgerLines, headLine, verifyLedger } from "../../scripts/nexus/ledger.ts";
import { measure } from "../../scripts/nexus/measure.ts";
import { makeVariants } from "../../scripts/nexus/testvariants.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "nexus-cli-"));
process.on("exit", () => rmSync(dir, { recursive: true, force: true }));
const p = (name: string) => join(dir, name);
const b3 = (...parts: Uint8Array[]) => new Uint8Array(hash(Buffer.concat(parts)) as Buffer);
const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");

// main() in this process, its output captured.
function run(...args: string[]): { code: number; out: string; err: string } {
  let out = "";
  let err = "";
  const o = process.stdout.write;
  const e = process.stderr.write;
  process.stdout.write = ((s: string) => ((out += s), true)) as typeof o;
  process.stderr.write = ((s: string) => ((err += s), true)) as typeof e;
  try {
    return { code: main(args), out, err };
  } finally {
    process.stdout.write = o;
    process.stderr.write = e;
  }
}
function fails(r: { code: number; err: string }, code: number, message: RegExp): void {
  assert.equal(r.code, code, r.err);
  assert.match(r.err, /^nexus: [^\n]*\n$/, "exactly one nexus: line");
  assert.match(r.err, message);
}
// The real program, as `npx nexus` runs it.
function spawn(...args: string[]) {
  const r = spawnSync(process.execPath, [join(ROOT, "scripts/nexus-bin.js"), ...args], { cwd: ROOT, encoding: "utf8" });
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
}

// A small ELF64 LE file with .text, .rodata and .shstrtab.
function elf(text: Uint8Array, rodata: Uint8Array, opts: { machine?: number; cls?: number; data?: number } = {}): Uint8Array {
  const names = Buffer.from("\0.text\0.rodata\0.shstrtab\0", "latin1");
  const textOff = 64;
  const roOff = textOff + text.length;
  const strOff = roOff + rodata.length;
  const shoff = strOff + names.length;
  const w = new Writer();
  w.bytes(Uint8Array.of(0x7f, 0x45, 0x4c, 0x46, opts.cls ?? 2, opts.data ?? 1, 1)).zeros(9);
  w.u16(2)
    .u16(opts.machine ?? 62)
    .u32(1)
    .u64(0)
    .u64(0)
    .u64(shoff)
    .u32(0)
    .u16(64)
    .u16(0)
    .u16(0)
    .u16(64)
    .u16(4)
    .u16(3);
  w.bytes(text).bytes(rodata).bytes(names);
  const sh = (name: number, type: number, off: number, size: number) =>
    w.u32(name).u32(type).u64(0).u64(0).u64(off).u64(size).u32(0).u32(0).u64(1).u64(0);
  sh(0, 0, 0, 0);
  sh(1, 1, textOff, text.length);
  sh(7, 1, roOff, rodata.length);
  sh(15, 3, strOff, names.length);
  return w.finish();
}

const KEY = keyFromSeed(new Uint8Array(32).fill(7));
const OTHER = keyFromSeed(new Uint8Array(32).fill(9));
const fileBundle = (name: string, payload: string) =>
  pack(new Uint8Array(Buffer.from(payload)), { name, kind: "file", arch: "any", caps: [] });

test("keygen → pack → sign → verify → initrd → inspect --json, through the CLI", () => {
  assert.equal(run("keygen", "--out", p("k")).code, 0);
  assert.equal(statSync(p("k")).mode & 0o777, 0o600);
  assert.match(readFileSync(p("k"), "utf8"), /^[0-9a-f]{64}\n$/);
  assert.match(readFileSync(p("k.pub"), "utf8"), /^[0-9a-f]{64}\n$/);
  fails(run("keygen", "--out", p("k")), 1, /k already exists \(use --force/);
  const old = readFileSync(p("k"), "utf8");
  assert.equal(run("keygen", "--out", p("k"), "--force").code, 0);
  assert.notEqual(readFileSync(p("k"), "utf8"), old);
  run("keygen", "--out", p("other"));

  writeFileSync(p("cell.elf"), elf(Uint8Array.of(0x90, 0xc3), Uint8Array.of(1, 2, 3)));
  writeFileSync(p("cell.json"), JSON.stringify({ name: "init", kind: "cell", arch: "x86_64", caps: ["log", "mem 4096"] }));
  writeFileSync(p("motd"), "hello\n");
  const c1 = run("pack", p("cell.elf"), "--manifest", p("cell.json"), "-o", p("out"));
  const c2 = run("pack", p("motd"), "--name", "motd.txt", "--kind", "file", "--arch", "any", "-o", p("out"));
  assert.equal(c1.code, 0, c1.err);
  assert.equal(c2.code, 0, c2.err);
  const [cid1, cid2] = [c1.out.trim(), c2.out.trim()];
  assert.match(cid1, /^[0-9a-f]{64}$/);
  const b1 = p(`out/${cid1}.nxb`);
  const b2 = p(`out/${cid2}.nxb`);
  assert.equal(hex(b3(readFileSync(b1))), cid1, "cid is BLAKE3 of the unsigned body");
  fails(run("verify", b1, "--pub", p("k.pub")), 1, /: unsigned$/m);
  assert.equal(run("sign", b1, "--key", p("k")).code, 0);
  assert.equal(run("sign", b2, "--key", p("k")).code, 0);
  const keyid = hex(b3(readPublicKey(p("k.pub"))).subarray(0, 8));
  assert.equal(run("verify", b1, "--pub", p("other.pub"), "--pub", p("k.pub")).out, `ok ${cid1} init signed by ${keyid}\n`);
  fails(run("verify", b1, "--pub", p("other.pub")), 1, new RegExp(`unknown key ${keyid}`));

  assert.equal(run("initrd", b1, b2, "--key", p("k"), "--version", "3", "-o", p("a.nxi")).code, 0);
  assert.equal(run("initrd", b1, b2, "--key", p("k"), "--version", "3", "-o", p("b.nxi")).code, 0);
  assert.deepEqual(readFileSync(p("a.nxi")), readFileSync(p("b.nxi")), "deterministic");
  assert.equal(run("initrd", "--dir", p("out"), "--key", p("k"), "--version", "3", "-o", p("d.nxi")).code, 0);
  fails(run("initrd", b1, b1, "--key", p("k"), "--version", "3", "-o", p("x.nxi")), 1, /given twice/);

  const r = run("inspect", p("d.nxi"), "--json", "--pub", p("k.pub"));
  const j = JSON.parse(r.out);
  assert.equal(j.kind, "initrd");
  assert.equal(j.version, 3);
  assert.equal(j.signature, "ok");
  assert.equal(j.signer, keyid);
  assert.equal(j.merkleRootOk, true);
  assert.deepEqual(
    j.entries.map((e: { name: string }) => e.name),
    ["init", "motd.txt"],
    "--dir sorts by name",
  );
  assert.deepEqual(
    j.entries.map((e: { cid: string }) => e.cid),
    [cid1, cid2],
  );
  assert.ok(j.entries.every((e: { status: string; signer: string }) => e.status === "ok" && e.signer === keyid));
  const jb = JSON.parse(run("inspect", b1, "--json").out);
  assert.deepEqual(
    [jb.kind, jb.cid, jb.name, jb.signer, jb.manifest.arch, jb.manifest.caps],
    ["bundle", cid1, "init", keyid, "x86_64", ["log", "mem 4096"]],
  );
  assert.equal(jb.sizes.payload, statSync(p("cell.elf")).size);

  // A flipped payload byte in a file named by its cid, and under another name.
  const bytes = readFileSync(b1);
  bytes[bytes.length - 104 - 1] ^= 1;
  writeFileSync(b1, bytes);
  fails(run("verify", b1, "--pub", p("k.pub")), 1, /corrupt: content ID is [0-9a-f]{64}, not the one in the file name/);
  writeFileSync(p("renamed.nxb"), bytes);
  fails(run("verify", p("renamed.nxb"), "--pub", p("k.pub")), 1, /bad signature/);
});

test("bad command lines and inputs: one line, non-zero, no stack trace", () => {
  fails(run("frobnicate"), 2, /unknown command "frobnicate"/);
  fails(run("pack", "x", "--colour", "red"), 2, /unknown option --colour/);
  fails(run("verify", p("nope.nxb"), "--pub", p("nope.pub")), 1, /nope.pub: no such file/);
  fails(run("inspect", p("nope")), 1, /nope: no such file or directory/);
  fails(run("sign", p("nope.nxb")), 2, /--key is required/);
  fails(run("initrd", "--key", p("k"), "--version", "-1", "-o", p("x")), 2, /missing BUNDLE/);
  writeFileSync(p("bad.pub"), "zz\n");
  fails(run("verify", p("x"), "--pub", p("bad.pub")), 1, /expected 64 hex digits/);
  writeFileSync(p("payload"), "x");
  fails(run("pack", p("payload"), "--name", "Bad", "--kind", "file", "--arch", "any", "-o", p("o")), 1, /name "Bad" is not/);
  fails(run("pack", p("payload"), "--name", "ok", "--kind", "driver", "--arch", "any", "-o", p("o")), 1, /kind "driver"/);
  fails(run("pack", p("payload"), "--name", "ok", "--kind", "file", "--arch", "arm", "-o", p("o")), 1, /arch "arm"/);
  fails(run("pack", p("payload"), "--name", "ok", "--kind", "cell", "--arch", "any", "-o", p("o")), 1, /must be an ELF/);
  writeFileSync(p("rv.elf"), elf(Uint8Array.of(1), Uint8Array.of(2), { machine: 243 }));
  fails(run("pack", p("rv.elf"), "--name", "ok", "--kind", "cell", "--arch", "x86_64", "-o", p("o")), 1, /machine 243, not x86_64/);
  writeFileSync(p("m.json"), '{"name":"ok","kind":"file","arch":"any","colour":1}');
  fails(run("pack", p("payload"), "--manifest", p("m.json"), "-o", p("o")), 1, /unknown key "colour"/);
  fails(run("ledger", "check"), 2, /unknown subcommand check/);
  for (const cmd of ["keygen", "pack", "sign", "verify", "inspect", "initrd", "measure", "ledger"]) {
    assert.match(run(cmd, "--help").out, new RegExp(`^usage: nexus ${cmd}`));
  }

  // The real binary, through the bin shim.
  const help = spawn("--help");
  assert.equal(help.code, 0);
  for (const cmd of ["keygen", "pack", "sign", "verify", "inspect", "initrd", "measure", "ledger"])
    assert.match(help.out, new RegExp(`\\n  ${cmd} `));
  const bad = spawn("verify");
  assert.equal(bad.code, 2);
  assert.equal(bad.err, "nexus: verify: missing BUNDLE\n");
  writeFileSync(p("junk.nxb"), "NXBD but not really");
  const junk = spawn("inspect", p("junk.nxb"));
  assert.equal(junk.code, 1);
  assert.doesNotMatch(junk.err, /\n\s+at /, "no stack trace");
  assert.match(junk.err, /^nexus: .*junk.nxb: corrupt: bundle: /);
});

test("corrupt bundles are refused, each for its own reason", () => {
  const good = signBundle(fileBundle("motd", "hello world"), KEY);
  assert.equal(bundleSignature(parseBundle(good), [KEY.pub]), "ok");
  const set = (off: number, bytes: number[]) => {
    const b = good.slice();
    b.set(bytes, off);
    return b;
  };
  const refused = (b: Uint8Array, msg: RegExp) =>
    assert.throws(
      () => parseBundle(b),
      (e: unknown) => e instanceof FormatError && msg.test(e.message),
    );
  refused(set(0, [0x4e, 0x58, 0x42, 0x45]), /bad magic "NXBE"/);
  refused(set(4, [2, 0]), /unsupported version 2/);
  refused(set(6, [1]), /reserved field at offset 6 is 1/);
  refused(set(12, [1]), /reserved field at offset 12/);
  refused(set(24, [0, 0, 0, 0, 0, 0, 0, 1]), /reserved field at offset 24/);
  refused(set(8, [0x01, 0x10, 0, 0]), /manifest length 4097/);
  refused(set(8, [0, 0, 0, 0]), /manifest length 0/);
  refused(set(16, [1, 0, 0, 4]), /payload length 67108865 .* over the limit/);
  refused(good.subarray(0, 40), /header says .* file has 40/);
  refused(good.subarray(0, good.length - 1), /103 bytes where a 104-byte signature trailer should be/);
  refused(new Uint8Array(Buffer.concat([good, Buffer.of(0)])), /105 bytes where/);
  refused(set(good.length - 104, [0x4e, 0x58, 0x53, 0x48]), /signature trailer: bad magic/);
  const flipped = set(good.length - 105, [good[good.length - 105] ^ 1]);
  assert.equal(bundleSignature(parseBundle(flipped), [KEY.pub]), "bad-signature");
  assert.equal(bundleSignature(parseBundle(good), [OTHER.pub]), "unknown-key");
  assert.equal(bundleSignature(parseBundle(fileBundle("motd", "x")), [KEY.pub]), "unsigned");
  assert.equal(hex(parseBundle(good).cid), hex(parseBundle(fileBundle("motd", "hello world")).cid), "signing keeps the cid");
});

test("cell manifest: round trip, unknown and repeated tags refused", () => {
  const m = { name: "net.driver_1", kind: "cell" as const, arch: "riscv64" as const, caps: ["irq 5", "mmio 0x1000"] };
  assert.deepEqual(decodeManifest(encodeManifest(m)), m);
  const field = (tag: number, v: number[]) => [tag, 0, v.length, 0, ...v];
  const mf = (...fields: number[][]) => Uint8Array.from([0x4e, 0x58, 0x4d, 0x46, 1, 0, fields.length, 0, ...fields.flat()]);
  const base = [field(1, [0x61]), field(2, [2]), field(3, [0])];
  assert.equal(decodeManifest(mf(...base)).name, "a");
  assert.throws(() => decodeManifest(mf(...base, field(9, []))), /unknown tag 9/);
  assert.throws(() => decodeManifest(mf(...base, field(1, [0x62]))), /tag 1 appears twice/);
  assert.throws(() => decodeManifest(mf(base[0], base[1])), /arch \(tag 3\) is missing/);
  assert.throws(() => decodeManifest(new Uint8Array([...mf(...base), 0])), /1 bytes after the last field/);
});

test("Merkle root matches a computation written out by hand", () => {
  const cids = [1, 2, 3, 4, 5].map((i) => b3(Uint8Array.of(i)));
  const L = cids.map((c) => b3(Uint8Array.of(0), c));
  const P = (a: Uint8Array, b: Uint8Array) => b3(Uint8Array.of(1), a, b);
  assert.deepEqual(merkleRoot([]), new Uint8Array(32));
  assert.deepEqual(merkleRoot(cids.slice(0, 1)), L[0]);
  assert.deepEqual(merkleRoot(cids.slice(0, 2)), P(L[0], L[1]));
  assert.deepEqual(merkleRoot(cids.slice(0, 3)), P(P(L[0], L[1]), L[2]));
  assert.deepEqual(merkleRoot(cids), P(P(P(L[0], L[1]), P(L[2], L[3])), L[4]));
  for (let i = 0; i < 5; i++) assert.ok(checkProof(cids[i], merkleProof(cids, i), merkleRoot(cids)));
  assert.ok(!checkProof(cids[0], merkleProof(cids, 1), merkleRoot(cids)));
});

test("initrd: layout, determinism, refusals, and every test variant", () => {
  const bundles = ["alpha", "beta", "gamma"].map((n) => signBundle(fileBundle(n, `payload of ${n}`), KEY));
  const files = bundles.map((bytes, i) => ({ path: `b${i}`, bytes }));
  const img = initrdFromBundles(files, 1n, KEY);
  assert.deepEqual(img, initrdFromBundles(files, 1n, KEY));
  const ir = parseInitrd(img);
  assert.equal(Buffer.from(img.subarray(0, 4)).toString(), "NXIR");
  assert.equal(ir.manifest.length, 56 + 3 * 104);
  assert.equal(Number(new DataView(img.buffer, img.byteOffset).getBigUint64(16, true)), img.length);
  assert.equal(img.length % 8, 0);
  assert.deepEqual(ir.root, merkleRoot(bundles.map((b) => parseBundle(b).cid)));
  const rep = checkInitrd(ir, [KEY.pub], 1n);
  assert.equal(rep.manifest, "ok");
  assert.deepEqual(
    rep.entries.map((e) => [e.name, e.status]),
    [
      ["alpha", "ok"],
      ["beta", "ok"],
      ["gamma", "ok"],
    ],
  );
  assert.throws(() => initrdFromBundles([files[0], files[0]], 1n, KEY), /given twice/);
  assert.throws(
    () => initrdFromBundles([files[0], { path: "x", bytes: signBundle(fileBundle("alpha", "other"), KEY) }], 1n, KEY),
    /two bundles are named alpha/,
  );
  const bad = (off: number, v: number) => {
    const b = img.slice();
    b[off] ^= v;
    return b;
  };
  assert.throws(() => parseInitrd(bad(6, 1)), /reserved field at offset 6/);
  assert.throws(() => parseInitrd(bad(13, 1)), /store record count 259 is over 256/);
  assert.throws(
    () => parseInitrd(img.subarray(0, 20)),
    (e: unknown) => e instanceof FormatError && e.reason === "truncated",
  );
  assert.throws(() => parseInitrd(new Uint8Array(Buffer.concat([img, Buffer.alloc(8)]))), /8 bytes after the total length/);
  const badSig = checkInitrd(parseInitrd(bad(32 + 8, 1)), [KEY.pub]); // manifest version changed
  assert.equal(badSig.manifest, "bad-signature");
  const stray = parseInitrd(buildInitrd(1n, [], [{ cid: parseBundle(bundles[0]).cid, file: bundles[0] }], KEY));
  assert.equal(stray.stray.length, 1);
  const missing = checkInitrd(parseInitrd(buildInitrd(1n, [{ cid: parseBundle(bundles[0]).cid, bodyLength: 1, name: "alpha" }], [], KEY)));
  assert.equal(missing.entries[0].status, "missing");

  const v = makeVariants({ bundles, key: KEY, otherKey: OTHER, version: 1n, rollbackVersion: 0n });
  assert.deepEqual(v.good, img);
  const status = (x: Uint8Array) => {
    const r = checkInitrd(parseInitrd(x), [KEY.pub], 1n);
    return [r.manifest, ...r.entries.map((e) => e.status)];
  };
  assert.deepEqual(status(v.flipped), ["ok", "cid-mismatch", "ok", "ok"]);
  assert.deepEqual(status(v["unknown-key"]), ["unknown-key", "ok", "ok", "ok"]);
  assert.deepEqual(status(v.unsigned), ["ok", "unsigned", "ok", "ok"]);
  assert.deepEqual(status(v.rollback), ["rollback", "ok", "ok", "ok"]);
  assert.throws(
    () => parseInitrd(v.truncated),
    (e: unknown) => e instanceof FormatError && e.reason === "truncated",
  );
  assert.deepEqual(v.truncated, img.subarray(0, v.truncated.length));
  const flippedIr = parseInitrd(v.flipped);
  assert.equal(flippedIr.records.get(hex(parseBundle(bundles[0]).cid))!.file.length, bundles[0].length, "flip keeps the length");
});

test("mk-initrd-variants writes the six files", () => {
  const bdir = p("variant-bundles");
  mkdirSync(bdir);
  for (const n of ["one", "two"]) writeFileSync(join(bdir, `${n}.nxb`), signBundle(fileBundle(n, n), KEY));
  writeFileSync(p("vk"), hex(KEY.seed) + "\n");
  writeFileSync(p("vo"), hex(OTHER.seed) + "\n");
  const r = spawnSync(process.execPath, ["--import", "tsx", "scripts/mk-initrd-variants.ts", bdir, p("vk"), p("vo"), p("variants")], {
    cwd: ROOT,
    encoding: "utf8",
  });
  assert.equal(r.status, 0, r.stderr);
  for (const f of ["good", "flipped", "unknown-key", "unsigned", "truncated", "rollback"])
    assert.ok(statSync(p(`variants/${f}.nxi`)).size > 0);
  assert.deepEqual(readSecretKey(p("vk")).pub, KEY.pub);
  copyFileSync(p("variants/rollback.nxi"), p("rb.nxi"));
  assert.equal(JSON.parse(run("inspect", p("rb.nxi"), "--json").out).version, 0);
});

test("measure: BLAKE3 of .text then .rodata; non-ELF64-LE refused", () => {
  const text = Uint8Array.from({ length: 300 }, (_, i) => i & 0xff);
  const ro = new Uint8Array(Buffer.from("constant data"));
  const k = elf(text, ro);
  assert.deepEqual(measure(k).hash, b3(text, ro));
  writeFileSync(p("kernel.elf"), k);
  assert.equal(run("measure", p("kernel.elf")).out, hex(b3(text, ro)) + "\n");
  fails(run("measure", p("m.json")), 1, /not an ELF file/);
  writeFileSync(p("k32.elf"), elf(text, ro, { cls: 1 }));
  fails(run("measure", p("k32.elf")), 1, /not ELF64 \(class 1\)/);
  writeFileSync(p("kbe.elf"), elf(text, ro, { data: 2 }));
  fails(run("measure", p("kbe.elf")), 1, /not little-endian/);
});

test("ledger verify: a good log, and each way of tampering", () => {
  const z = new Uint8Array(32);
  const kinds = ["boot", "kernel", "initrd", "manifest", "bundle", "bundle"];
  const { lines, head } = ledgerLines(
    kinds.map((event, i) => ({
      time: BigInt(1000 * i),
      event,
      subject: i ? b3(Uint8Array.of(i)) : z,
      result: i === 5 ? "unsigned" : "ok",
    })),
  );
  // Entry 0's hash, written out: BLAKE3(zeros ‖ "NXLE" 1 0 seq time len "boot" subject len "ok").
  const enc0 = new Writer().ascii("NXLE").u16(1).u16(0).u64(0).u64(0).u8(4).ascii("boot").bytes(z).u8(2).ascii("ok").finish();
  assert.equal(lines[0].split(" ")[6], hex(b3(z, enc0)));
  const log = (ls: string[]) =>
    ["SeaBIOS noise", ...ls.map((l) => l + "\r"), "trust: refused bundle", headLine(ls.length, head), "halt"].join("\n");
  assert.deepEqual(verifyLedger(log(lines)), [{ line: 2, entries: 6, head }]);
  writeFileSync(p("serial.log"), log(lines));
  assert.equal(run("ledger", "verify", p("serial.log")).out, `ledger: 6 entries verified, head ${head}\n`);
  const two = verifyLedger(log(lines) + "\n" + log(lines));
  assert.equal(two.length, 2, "seq 0 starts a second chain");

  const rejects = (ls: string[], msg: RegExp, whole?: string) =>
    assert.throws(
      () => verifyLedger(whole ?? log(ls)),
      (e: Error) => msg.test(e.message) || assert.fail(e.message),
    );
  rejects(
    lines.map((l, i) => (i === 3 ? l.replace(" ok ", " corrupt ") : l)),
    /^line 5: hash does not follow/,
  );
  rejects(
    lines.filter((_, i) => i !== 2),
    /^line 4: seq 3 skips: expected 2/,
  );
  rejects([lines[0], lines[2], lines[1], ...lines.slice(3)], /^line 3: seq 2 skips: expected 1/);
  rejects([...lines.slice(0, 3), lines[2], ...lines.slice(3)], /^line 5: seq 2 repeats/);
  rejects(
    [],
    /^line 9: head line says 5 entries, head [0-9a-f]{64}; the chain has 6 entries/,
    log(lines).replace(headLine(6, head), headLine(5, head)),
  );
  rejects(
    [],
    /^line 8: head line says 6 entries, head [0-9a-f]{64}; the chain has 5 entries/,
    log(lines.slice(0, 5)).replace(headLine(5, head), headLine(6, head)),
  );
  rejects(
    lines.map((l, i) => (i === 1 ? l + " extra" : l)),
    /^line 3: malformed LEDGER line: 7 fields/,
  );
  rejects(
    lines.map((l, i) => (i === 1 ? l.replace(/ \d+ kernel/, " 01 kernel") : l)),
    /^line 3: malformed LEDGER line: time "01"/,
  );
  rejects(lines.slice(1), /^line 2: seq 1 where a chain must start at seq 0/);
  rejects([], /no LEDGER lines/, "just\nnoise\n");
  fails(run("ledger", "verify", p("m.json")), 1, /m.json: no LEDGER lines in the log/);
});
