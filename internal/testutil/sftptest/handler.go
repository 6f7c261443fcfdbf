package sftptest

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"strings"
	"syscall"

	"github.com/pkg/sftp"
)

// Modes of what clients create; pkg/sftp clients send no mode on open or mkdir.
const (
	fileMode fs.FileMode = 0o644
	dirMode  fs.FileMode = 0o755
)

// handler serves SFTP requests from a folder opened as an os.Root, which refuses any path that
// leaves the folder, through ".." or a symbolic link alike.
type handler struct {
	root *os.Root
	opts options
}

var (
	_ sftp.FileReader           = (*handler)(nil)
	_ sftp.FileWriter           = (*handler)(nil)
	_ sftp.PosixRenameFileCmder = (*handler)(nil)
	_ sftp.LstatFileLister      = (*handler)(nil)
	_ sftp.ReadlinkFileLister   = (*handler)(nil)
)

// rel turns the request server's cleaned absolute path into a name inside the root.
func rel(p string) string {
	if p = strings.TrimPrefix(p, "/"); p == "" {
		return "."
	}
	return p
}

// fsErr translates errors as OpenSSH's sftp-server does: ENOTDIR becomes "no such file", and a
// path escaping the root is "permission denied".
func fsErr(err error) error {
	var pe *os.PathError
	switch {
	case err == nil:
		return nil
	case errors.Is(err, syscall.ENOTDIR):
		return sftp.ErrSSHFxNoSuchFile
	case errors.As(err, &pe) && !isErrno(pe.Err):
		return sftp.ErrSSHFxPermissionDenied // os.Root's "path escapes from parent"
	}
	return err
}

func isErrno(err error) bool {
	var errno syscall.Errno
	return errors.As(err, &errno)
}

// Fileread opens a file for reading.
func (h *handler) Fileread(r *sftp.Request) (io.ReaderAt, error) {
	f, err := h.root.Open(rel(r.Filepath))
	if err != nil {
		return nil, fsErr(err)
	}
	return f, nil
}

// Filewrite opens a file for writing. O_APPEND is never used: the server writes at offsets.
func (h *handler) Filewrite(r *sftp.Request) (io.WriterAt, error) {
	if h.opts.readOnly {
		return nil, sftp.ErrSSHFxPermissionDenied
	}
	pf := r.Pflags()
	flag := os.O_WRONLY
	if pf.Read {
		flag = os.O_RDWR
	}
	if pf.Creat {
		flag |= os.O_CREATE
	}
	if pf.Trunc {
		flag |= os.O_TRUNC
	}
	if pf.Excl {
		flag |= os.O_EXCL
	}
	f, err := h.root.OpenFile(rel(r.Filepath), flag, fileMode)
	if err != nil {
		return nil, fsErr(err)
	}
	return f, nil
}

// Filecmd runs the requests that change the tree.
func (h *handler) Filecmd(r *sftp.Request) error {
	if h.opts.readOnly {
		return sftp.ErrSSHFxPermissionDenied
	}
	p := rel(r.Filepath)
	switch r.Method {
	case "Setstat":
		return fsErr(h.setstat(r, p))
	case "Rename":
		// SSH_FXP_RENAME of draft 3 must not replace an existing file; OpenSSH honours that.
		if _, err := h.root.Lstat(rel(r.Target)); err == nil {
			return sftp.ErrSSHFxFailure
		}
		return fsErr(h.root.Rename(p, rel(r.Target)))
	case "Mkdir":
		return fsErr(h.root.Mkdir(p, dirMode))
	case "Rmdir":
		fi, err := h.root.Lstat(p)
		if err != nil {
			return fsErr(err)
		}
		if !fi.IsDir() {
			return sftp.ErrSSHFxFailure
		}
		return fsErr(h.root.Remove(p))
	case "Remove":
		fi, err := h.root.Lstat(p)
		if err != nil {
			return fsErr(err)
		}
		if fi.IsDir() {
			return sftp.ErrSSHFxFailure
		}
		return fsErr(h.root.Remove(p))
	}
	return sftp.ErrSSHFxOpUnsupported // Link, Symlink
}

// PosixRename replaces the target atomically, as posix-rename@openssh.com does.
func (h *handler) PosixRename(r *sftp.Request) error {
	switch {
	case h.opts.noPosixRename:
		return sftp.ErrSSHFxOpUnsupported
	case h.opts.readOnly:
		return sftp.ErrSSHFxPermissionDenied
	}
	return fsErr(h.root.Rename(rel(r.Filepath), rel(r.Target)))
}

func (h *handler) setstat(r *sftp.Request, p string) error {
	flags, attrs := r.AttrFlags(), r.Attributes()
	if flags.Size {
		f, err := h.root.OpenFile(p, os.O_WRONLY, 0)
		if err != nil {
			return err
		}
		err = f.Truncate(int64(attrs.Size))
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return err
		}
	}
	if flags.Permissions {
		if err := h.root.Chmod(p, attrs.FileMode().Perm()); err != nil {
			return err
		}
	}
	if flags.Acmodtime {
		return h.root.Chtimes(p, attrs.AccessTime(), attrs.ModTime())
	}
	return nil
}

// Filelist lists a folder, or describes one file for Stat.
func (h *handler) Filelist(r *sftp.Request) (sftp.ListerAt, error) {
	p := rel(r.Filepath)
	switch r.Method {
	case "List":
		f, err := h.root.Open(p)
		if err != nil {
			return nil, fsErr(err)
		}
		defer f.Close()
		entries, err := f.ReadDir(-1)
		if err != nil {
			return nil, fsErr(err)
		}
		infos := make(listerAt, 0, len(entries))
		for _, e := range entries {
			if fi, err := e.Info(); err == nil { // skip entries removed meanwhile
				infos = append(infos, fi)
			}
		}
		return infos, nil
	case "Stat":
		fi, err := h.root.Stat(p)
		if err != nil {
			return nil, fsErr(err)
		}
		return listerAt{fi}, nil
	}
	return nil, sftp.ErrSSHFxOpUnsupported
}

// Lstat describes a file without following a final symbolic link.
func (h *handler) Lstat(r *sftp.Request) (sftp.ListerAt, error) {
	fi, err := h.root.Lstat(rel(r.Filepath))
	if err != nil {
		return nil, fsErr(err)
	}
	return listerAt{fi}, nil
}

// Readlink returns a symbolic link's target.
func (h *handler) Readlink(p string) (string, error) {
	target, err := h.root.Readlink(rel(p))
	return target, fsErr(err)
}

// listerAt serves a fixed list of entries.
type listerAt []os.FileInfo

func (l listerAt) ListAt(ls []os.FileInfo, offset int64) (int, error) {
	if offset >= int64(len(l)) {
		return 0, io.EOF
	}
	n := copy(ls, l[offset:])
	if n < len(ls) {
		return n, io.EOF
	}
	return n, nil
}
