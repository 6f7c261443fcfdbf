package redis

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"strconv"
	"strings"

	"github.com/dbackup/dbackup/internal/connerr"
	"github.com/dbackup/dbackup/internal/source"
)

// FormatRDB is the DumpInfo.Format of this engine's dumps: an RDB snapshot of the whole server,
// byte for byte as the server sends it to a replica.
const FormatRDB = "redis-rdb"

// eofMarkLen is the length of the random mark that ends a diskless transfer ("$EOF:<mark>").
const eofMarkLen = 40

// copyChunk is the unit in which the snapshot is streamed.
const copyChunk = 64 << 10

// syncHint names the ACL permission a dump needs.
const syncHint = "allow the ACL user to take snapshots over replication: ACL SETUSER <user> +sync " +
	"(and +replconf +info, or +@admin)"

var (
	_ source.Dumper   = (*Redis)(nil)
	_ source.Restorer = (*Redis)(nil)
)

// Dump streams an RDB snapshot of the whole server to w, taken the way a replica takes one:
// it connects with the source's TLS settings and ACL user, asks for the snapshot alone
// (REPLCONF rdb-only, Redis 7 and later; older servers ignore it) and sends SYNC, then copies
// the snapshot, disk-based ("$<length>") or diskless ("$EOF:<mark>"), and disconnects. The
// server may first spend a while writing it (BGSAVE) or, diskless, wait
// repl-diskless-sync-delay seconds for other replicas.
//
// An RDB holds every logical database, so db ("db0", "db3", …, as ListDatabases names them) is
// only informational: every dump is of the whole server. The ACL user needs SYNC (see
// syncHint); without it the error is connerr.Permission.
func (r *Redis) Dump(ctx context.Context, db string, w io.Writer) (source.DumpInfo, error) {
	info := source.DumpInfo{Format: FormatRDB}
	op := "dump redis " + r.addr
	server, err := r.client.Info(ctx, "server").Result()
	if err != nil {
		return info, source.Classify(ctx, op, err, classifyDump)
	}
	info.ServerVersion = version(server)

	conn, err := r.dial(ctx, "tcp", r.addr)
	if err != nil {
		return info, source.Classify(ctx, op, err, classifyDump)
	}
	defer conn.Close()
	// Closing the connection is how a cancelled context stops a blocked read or write.
	stop := context.AfterFunc(ctx, func() { _ = conn.Close() })
	defer stop()
	rc := &replConn{conn: conn, br: bufio.NewReaderSize(conn, copyChunk)}
	if err := r.startSync(rc); err != nil {
		return info, source.Classify(ctx, op, err, classifyDump)
	}
	if err := rc.copySnapshot(&magicWriter{w: w}); err != nil {
		return info, source.Classify(ctx, op, err, classifyDump)
	}
	return info, nil
}

// startSync authenticates and sends SYNC.
func (r *Redis) startSync(rc *replConn) error {
	if r.password != "" || r.username != "" {
		args := []string{"AUTH", r.password}
		if r.username != "" {
			args = []string{"AUTH", r.username, r.password}
		}
		if err := rc.command(args...); err != nil {
			return err
		}
	}
	// rdb-only tells Redis 7 not to keep this connection as a replica after the snapshot.
	// Older servers, and users without +replconf, answer with an error that changes nothing.
	var reply replyError
	if err := rc.command("REPLCONF", "rdb-only", "1"); err != nil && !errors.As(err, &reply) {
		return err
	}
	if _, err := rc.conn.Write(resp("SYNC")); err != nil {
		return fmt.Errorf("send SYNC: %w", err)
	}
	return nil
}

// replyError is an error reply of the server, such as "NOPERM this user has no permissions…".
type replyError string

func (e replyError) Error() string { return string(e) }

// code is the reply's first word, which Redis uses as its error code.
func (e replyError) code() string { code, _, _ := strings.Cut(string(e), " "); return code }

// classifyDump classifies the replies of the replication connection, then those of go-redis.
func classifyDump(err error) (connerr.Kind, string, bool) {
	var reply replyError
	if errors.As(err, &reply) {
		switch reply.code() {
		case "NOPERM":
			return connerr.Permission, syncHint, true
		case "WRONGPASS", "NOAUTH":
			return connerr.Auth, "check the username and password (Redis 6 ACL users need both)", true
		}
		return "", "", false
	}
	return classify(err)
}

// replConn is the raw connection a snapshot is read from.
type replConn struct {
	conn net.Conn
	br   *bufio.Reader
}

// resp encodes a command as a RESP array of bulk strings.
func resp(args ...string) []byte {
	b := []byte("*" + strconv.Itoa(len(args)) + "\r\n")
	for _, a := range args {
		b = append(b, "$"+strconv.Itoa(len(a))+"\r\n"+a+"\r\n"...)
	}
	return b
}

// command sends a command and reads its one-line reply; an error reply is a replyError.
func (rc *replConn) command(args ...string) error {
	if _, err := rc.conn.Write(resp(args...)); err != nil {
		return fmt.Errorf("send %s: %w", args[0], err)
	}
	line, err := rc.line()
	if err != nil {
		return fmt.Errorf("%s: %w", args[0], err)
	}
	if msg, ok := strings.CutPrefix(line, "-"); ok {
		return fmt.Errorf("%s: %w", args[0], replyError(msg))
	}
	return nil
}

// line reads one reply line without its CRLF.
func (rc *replConn) line() (string, error) {
	line, err := rc.br.ReadString('\n')
	if err != nil {
		return "", fmt.Errorf("read reply: %w", noEOF(err))
	}
	return strings.TrimRight(line, "\r\n"), nil
}

// copySnapshot reads the reply to SYNC: newlines the server sends to keep the connection alive
// while it prepares the snapshot, then the snapshot, which it copies to w.
func (rc *replConn) copySnapshot(w io.Writer) error {
	for {
		line, err := rc.line()
		if err != nil {
			return fmt.Errorf("SYNC: %w", err)
		}
		switch {
		case line == "":
			continue // keepalive
		case strings.HasPrefix(line, "-"):
			return fmt.Errorf("SYNC: %w", replyError(line[1:]))
		case strings.HasPrefix(line, "$EOF:"):
			mark := []byte(line[len("$EOF:"):])
			if len(mark) != eofMarkLen {
				return fmt.Errorf("SYNC: malformed diskless header %q", line)
			}
			return rc.copyUntilMark(w, mark)
		case strings.HasPrefix(line, "$"):
			n, err := strconv.ParseInt(line[1:], 10, 64)
			if err != nil || n < 0 {
				return fmt.Errorf("SYNC: malformed header %q", line)
			}
			if _, err := io.CopyN(w, rc.br, n); err != nil {
				return fmt.Errorf("copy snapshot: %w", noEOF(err))
			}
			return nil
		default:
			return fmt.Errorf("SYNC: unexpected reply %q", line)
		}
	}
}

// copyUntilMark copies a diskless transfer to w: the data up to the mark that ends it. The
// last eofMarkLen bytes read are held back until more data shows they are not the mark.
func (rc *replConn) copyUntilMark(w io.Writer, mark []byte) error {
	buf := make([]byte, eofMarkLen+copyChunk)
	held := 0
	for {
		n, err := rc.br.Read(buf[held:])
		held += n
		if held >= eofMarkLen && bytes.Equal(buf[held-eofMarkLen:held], mark) {
			if _, werr := w.Write(buf[:held-eofMarkLen]); werr != nil {
				return fmt.Errorf("write: %w", werr)
			}
			return nil
		}
		if err != nil {
			return fmt.Errorf("copy snapshot: %w", noEOF(err))
		}
		if keep := min(held, eofMarkLen); held > keep {
			if _, werr := w.Write(buf[:held-keep]); werr != nil {
				return fmt.Errorf("write: %w", werr)
			}
			copy(buf, buf[held-keep:held])
			held = keep
		}
	}
}

// magicWriter passes writes on after checking that the stream starts with the RDB magic of
// Redis or of Valkey 9, so that a server that answers SYNC with something else is not stored
// as a backup.
type magicWriter struct {
	w    io.Writer
	head []byte
}

func (m *magicWriter) Write(p []byte) (int, error) {
	if len(m.head) < len(valkeyMagic) {
		take := min(len(p), len(valkeyMagic)-len(m.head))
		m.head = append(m.head, p[:take]...)
		redisHead := m.head[:min(len(m.head), len(rdbMagic))]
		if !bytes.HasPrefix([]byte(rdbMagic), redisHead) && !bytes.HasPrefix([]byte(valkeyMagic), m.head) {
			return 0, fmt.Errorf("%w: the snapshot does not start with %s or %s", ErrCorrupt, rdbMagic, valkeyMagic)
		}
	}
	return m.w.Write(p)
}
