/* The hosted crypto benchmark: the kernel's BLAKE3 and Ed25519 (TS, built by
 * the kernel's pipeline into build/hosted/crypto.c, see bench/hosted/crypto.ts)
 * linked with wabt's hosted wasm2c runtime into a Linux program. Prints
 *   hosted: blake3 <MB/s> MB/s                (1 MiB buffer, MB = 10^6 bytes)
 *   hosted: ed25519-verify <n> verify/s
 *   hosted: blake3-digest <hex>               (of the buffer: byte i is i % 251)
 *   hosted: vector <pub> <sig> <msg>          (the signature verified, hex)
 * for scripts/bench.ts, which feeds the last line to sodium.c and Node. */
#include <stdio.h>
#include "crypto.h"
#include "measure.h"

#define HASH_BYTES (1u << 20)

/* The module's one import: AS's abort(), for a failed assertion or a runtime
 * error. Nothing is expected to reach it. */
void Z_envZ_abort(struct Z_env_instance_t *env, u32 msg, u32 file, u32 line, u32 col) {
  (void)env; (void)msg; (void)file;
  fprintf(stderr, "hosted: abort() from the wasm module at line %u:%u\n", line, col);
  exit(2);
}

static Z_crypto_instance_t m;
static u32 buf, out, pub, sig, msg, msg_len;

static u8 *mem(u32 addr) { return m.w2c_memory.data + addr; }
static void print_hex(u32 addr, u32 n) {
  for (u32 i = 0; i < n; i++) printf("%02x", mem(addr)[i]);
}
static void hash_once(void) { Z_cryptoZ_hash(&m, buf, HASH_BYTES, out); }
static void verify_once(void) { Z_cryptoZ_verify(&m, pub, msg, msg_len, sig); }

int main(void) {
  wasm_rt_init();
  Z_crypto_init_module();
  Z_crypto_instantiate(&m, NULL);

  buf = Z_cryptoZ_scratch(&m, HASH_BYTES);
  out = Z_cryptoZ_scratch(&m, 32);
  for (u32 i = 0; i < HASH_BYTES; i++) mem(buf)[i] = (u8)(i % 251);
  double s = seconds_per_call(hash_once, 16);
  printf("hosted: blake3 %.1f MB/s\n", HASH_BYTES / s / 1e6);
  printf("hosted: blake3-digest ");
  print_hex(out, 32);
  printf("\n");

  pub = Z_cryptoZ_vectorPub(&m);
  sig = Z_cryptoZ_vectorSig(&m);
  msg = Z_cryptoZ_vectorMsg(&m);
  msg_len = Z_cryptoZ_vectorMsgLen(&m);
  u32 r = Z_cryptoZ_verify(&m, pub, msg, msg_len, sig);
  if (r != 0) {
    fprintf(stderr, "hosted: the benchmark's valid signature was rejected (%u)\n", r);
    return 1;
  }
  s = seconds_per_call(verify_once, 50);
  printf("hosted: ed25519-verify %.1f verify/s\n", 1 / s);
  printf("hosted: vector ");
  print_hex(pub, 32);
  printf(" ");
  print_hex(sig, 64);
  printf(" ");
  print_hex(msg, msg_len);
  printf("\n");
  Z_crypto_free(&m);
  wasm_rt_free();
  return 0;
}
