package password

import "runtime"

// The argon2id parameters of new hashes. RFC 9106 §4 recommends t=3 and m=64 MiB where 2 GiB
// is too much memory, and the OWASP Password Storage Cheat Sheet
// (https://cheatsheetseries.owasp.org/cheatsheets/Password_Storage_Cheat_Sheet.html, "Argon2id")
// gives m=19 MiB, t=2, p=1 as the minimum; these are well above that minimum and take about
// 100 ms on one server core. RFC 9106 uses four lanes; two keep the cost the same on the
// two-core machines DBackup often runs on.
const (
	// memoryKiB is argon2's m, in KiB: 64 MiB makes each guess cost a GPU or ASIC 64 MiB of
	// fast memory, which is what limits parallel cracking.
	memoryKiB = 64 * 1024
	// iterations is argon2's t, the number of passes over the memory.
	iterations = 3
	// parallelism is argon2's p, the number of lanes computed in parallel.
	parallelism = 2
	// saltLen is 16 bytes (128 bits), the salt length RFC 9106 recommends: unique per hash
	// with overwhelming probability, so no two users share precomputed work.
	saltLen = 16
	// keyLen is 32 bytes (256 bits), the tag length RFC 9106 recommends.
	keyLen = 32
)

// Bounds on the parameters Verify accepts from a stored hash. A hash is only as trustworthy as
// the database it came from; these stop a corrupt or planted value from making Verify allocate
// gigabytes, spin for minutes, or accept a trivially short hash.
const (
	// maxMemoryKiB is 1 GiB, sixteen times the current parameter.
	maxMemoryKiB = 1 << 20
	// maxIterations is far above any recommendation, which stop at single digits.
	maxIterations = 64
	// maxParallelism is far above the lanes any server needs.
	maxParallelism = 64
	// minSaltLen is argon2's own minimum salt length (RFC 9106 §3.1).
	minSaltLen = 8
	// maxSaltLen bounds the salt decoded from a stored hash.
	maxSaltLen = 64
	// minKeyLen is 16 bytes (128 bits): a shorter hash could be matched by chance.
	minKeyLen = 16
	// maxKeyLen bounds the hash decoded from a stored hash.
	maxKeyLen = 64
)

// maxConcurrent is how many hashes may run at once. Each needs memoryKiB of memory, so this
// bounds the memory sign-ins can use (4 × 64 MiB) however many arrive together; more than the
// number of cores would not finish any sooner anyway.
var maxConcurrent = max(2, min(4, runtime.NumCPU()))

// params are the argon2id parameters of one hash.
type params struct {
	memory  uint32 // KiB
	time    uint32
	threads uint8
	saltLen int
	keyLen  int
}

// current are the parameters of new hashes.
var current = params{memory: memoryKiB, time: iterations, threads: parallelism, saltLen: saltLen, keyLen: keyLen}

// weakerThan reports whether a hash with parameters p is cheaper to attack than one with c,
// so that it should be replaced by a fresh hash.
func (p params) weakerThan(c params) bool {
	return p.memory < c.memory || p.time < c.time || p.saltLen < c.saltLen || p.keyLen < c.keyLen
}
