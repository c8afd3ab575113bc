/* The native reference for Ed25519: libsodium's crypto_sign_verify_detached on
 * the signature given as hex arguments (public key, signature, message; the
 * `hosted: vector` line of main.c). Prints `sodium: ed25519-verify <n> verify/s`. */
#include <stdio.h>
#include <string.h>
#include <sodium.h>
#include "measure.h"

static unsigned char pub[32], sig[64], msg[1024];
static size_t msg_len;

static int from_hex(const char *hex, unsigned char *out, size_t max, size_t *len) {
  return sodium_hex2bin(out, max, hex, strlen(hex), NULL, len, NULL);
}

static void verify_once(void) { (void)crypto_sign_verify_detached(sig, msg, msg_len, pub); }

int main(int argc, char **argv) {
  size_t n;
  if (argc != 4 || sodium_init() < 0 || from_hex(argv[1], pub, 32, &n) || n != 32 ||
      from_hex(argv[2], sig, 64, &n) || n != 64 || from_hex(argv[3], msg, sizeof msg, &msg_len)) {
    fprintf(stderr, "usage: sodium-bench <public key> <signature> <message>, in hex\n");
    return 2;
  }
  if (crypto_sign_verify_detached(sig, msg, msg_len, pub) != 0) {
    fprintf(stderr, "sodium: the signature does not verify\n");
    return 1;
  }
  printf("sodium: ed25519-verify %.1f verify/s\n", 1 / seconds_per_call(verify_once, 2000));
  return 0;
}
