// Only RIPEMD-160 is taken from the system libcrypto (swift-crypto has none).
#include <openssl/evp.h>
