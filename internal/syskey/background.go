package syskey

import (
	"context"
	"errors"

	"github.com/dbackup/dbackup/internal/viewer"
)

// backgroundBatch is how many secrets the background rotation re-seals per transaction: small
// enough that the API's writes never wait long for SQLite's single writer.
const backgroundBatch = 500

// StartRotation re-seals, in the background, every secret still sealed with a previous key, when
// previous keys are loaded. Progress shows in Status until it is done; ctx stops it (it resumes
// at the next start). It returns at once; done is closed when the work ends.
func (s *Service) StartRotation(ctx context.Context) (done <-chan struct{}) {
	ctx = viewer.Privileged(ctx)
	ch := make(chan struct{})
	if len(s.keys.Keyring.KeyIDs()) < 2 || s.state() == StateMismatch {
		close(ch)
		return ch
	}
	s.mu.Lock()
	s.rotation = &Progress{}
	s.mu.Unlock()
	go func() {
		defer close(ch)
		res, err := s.Reseal(ctx, ResealOptions{
			BatchSize: backgroundBatch,
			OnProgress: func(done, total int) {
				s.mu.Lock()
				s.rotation = &Progress{Done: done, Total: total}
				s.cached = nil
				s.mu.Unlock()
			},
		})
		switch {
		case errors.Is(err, ErrUndecryptable):
			s.log.Error("key rotation stopped: some secrets open with none of the loaded keys; re-enter or forget them, then restart", "count", len(res.Undecryptable))
			return
		case err != nil:
			s.log.Error("key rotation stopped; it resumes at the next start", "err", err)
			return
		}
		s.mu.Lock()
		s.rotation = nil
		s.cached = nil
		s.mu.Unlock()
		s.log.Info("key rotation finished: every secret is sealed with the primary key; ENCRYPTION_KEY_PREVIOUS can be removed", "resealed", res.Resealed, "key_id", s.keys.Keyring.PrimaryID())
	}()
	return ch
}
