// Package legacytest writes seed ("legacy") backups for tests with the real Node.js, exactly as
// the seed product did: zlib gzip or brotli, then AES-256-GCM with a 16-byte random IV through
// crypto.createCipheriv, and the IV and tag in "<file>.meta.json". Tests that use it fail (never
// skip) when node is not installed: these fixtures are the only evidence that the Go reader
// matches what the seed wrote.
package legacytest

import (
	"encoding/hex"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// script reads a JSON job from argv[1]: {key, in, out, compression, layout, tar, meta}. With
// tar set, it first packs the files listed in tar ([{name, file, db}]) into a USTAR archive with
// manifest.json first, as the seed's tar-stream code did.
const script = `
const fs = require("fs"), crypto = require("crypto"), zlib = require("zlib");
const { pipeline } = require("stream/promises");
const { Readable } = require("stream");
const job = JSON.parse(process.argv[1]);

function header(name, size) {
  const h = Buffer.alloc(512);
  h.write(name, 0, 100, "utf8");
  h.write("0000644\0", 100); h.write("0000000\0", 108); h.write("0000000\0", 116);
  h.write(size.toString(8).padStart(11, "0") + "\0", 124);
  h.write(Math.floor(Date.now() / 1000).toString(8).padStart(11, "0") + "\0", 136);
  h.write("        ", 148); h.write("0", 156); h.write("ustar\0", 257); h.write("00", 263);
  let sum = 0; for (const b of h) sum += b;
  h.write(sum.toString(8).padStart(6, "0") + "\0 ", 148);
  return h;
}
function pad(n) { return Buffer.alloc((512 - (n % 512)) % 512); }

async function main() {
  let input;
  if (job.tar) {
    const parts = [], dbs = [];
    for (const e of job.tar) {
      const size = fs.statSync(e.file).size;
      dbs.push({ name: e.db, filename: e.name, size, format: "sql" });
    }
    const manifest = Buffer.from(JSON.stringify({ version: 1, createdAt: new Date().toISOString(),
      sourceType: "mysql", engineVersion: "8.0.36", databases: dbs,
      totalSize: dbs.reduce((a, d) => a + d.size, 0) }, null, 2));
    parts.push(header("manifest.json", manifest.length), manifest, pad(manifest.length));
    for (const e of job.tar) {
      const data = fs.readFileSync(e.file);
      parts.push(header(e.name, data.length), data, pad(data.length));
    }
    parts.push(Buffer.alloc(1024));
    input = Readable.from([Buffer.concat(parts)]);
  } else {
    input = fs.createReadStream(job.in);
  }
  const stages = [input];
  if (job.compression === "gzip") stages.push(zlib.createGzip());
  if (job.compression === "brotli") stages.push(zlib.createBrotliCompress());
  const key = Buffer.from(job.key, "hex"), iv = crypto.randomBytes(16);
  const cipher = crypto.createCipheriv("aes-256-gcm", key, iv);
  stages.push(cipher, fs.createWriteStream(job.out));
  await pipeline(stages);
  const authTag = cipher.getAuthTag().toString("hex");
  const checksum = crypto.createHash("sha256").update(fs.readFileSync(job.out)).digest("hex");
  const names = job.tar ? job.tar.map((e) => e.db) : ["app"];
  let meta;
  if (job.layout === "flat") {
    meta = { jobName: "seed-flat", sourceType: "postgres", databases: names, createdAt: new Date().toISOString(),
      compression: (job.compression || "none").toUpperCase(), encryption: "aes-256-gcm",
      profileId: job.profileId, iv: iv.toString("hex"), authTag, size: fs.statSync(job.out).size };
  } else {
    meta = { version: 1, jobId: "job-1", jobName: "seed-nightly", sourceName: "prod", sourceType: "mysql",
      sourceId: "src-1", databases: { count: names.length, names }, engineVersion: "8.0.36",
      timestamp: new Date().toISOString(), originalFileName: require("path").basename(job.out),
      compression: job.compression === "none" ? undefined : job.compression.toUpperCase(),
      encryption: { enabled: true, profileId: job.profileId, algorithm: "aes-256-gcm", iv: iv.toString("hex"), authTag },
      checksum, multiDb: job.tar ? { format: "tar", databases: names } : undefined };
  }
  fs.writeFileSync(job.out + ".meta.json", JSON.stringify(meta, null, 2));
}
main().catch((e) => { console.error(e); process.exit(1); });
`

// Job describes one fixture.
type Job struct {
	// Key is the 32-byte profile key.
	Key []byte
	// ProfileID goes into the sidecar.
	ProfileID string
	// In is the file to back up (ignored with Tar).
	In string
	// Out is the encrypted file to write; the sidecar is Out + ".meta.json".
	Out string
	// Compression is "gzip", "brotli" or "none".
	Compression string
	// Layout is "nested" (the seed's later sidecar, the default) or "flat" (iv, authTag and
	// profileId at the top level, compression in upper case).
	Layout string
	// Tar, when set, makes a multi-database tar of these files instead of using In.
	Tar []TarEntry
}

// TarEntry is one database of a tar fixture.
type TarEntry struct {
	Name string `json:"name"` // entry name in the tar
	File string `json:"file"` // file with the dump
	DB   string `json:"db"`   // database name in the manifest
}

// Write runs node to produce the fixture described by j.
func Write(t testing.TB, j Job) {
	t.Helper()
	node, err := exec.LookPath("node")
	if err != nil {
		t.Fatalf("node is required to generate seed fixtures (install Node.js): %v", err)
	}
	if j.Layout == "" {
		j.Layout = "nested"
	}
	arg, err := json.Marshal(map[string]any{"key": hex.EncodeToString(j.Key), "profileId": j.ProfileID,
		"in": j.In, "out": j.Out, "compression": j.Compression, "layout": j.Layout, "tar": j.Tar})
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Dir(j.Out), 0o755); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(node, "-e", script, string(arg))
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("node: %v\n%s", err, out)
	}
}
