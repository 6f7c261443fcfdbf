package notify

import (
	"context"
	"net/http"
	"time"
)

// Timeout bounds one delivery, connecting included: long enough for a slow chat service, short
// enough that a hung endpoint does not hold up the queue of notifications behind it.
const Timeout = 15 * time.Second

// userAgent identifies DBackup to the services.
const userAgent = "DBackup"

// Sender sends events. The zero Sender is ready to use.
type Sender struct {
	// HTTPClient posts the HTTP kinds; nil means a client with Timeout. Tests and deployments
	// behind a proxy inject their own.
	HTTPClient *http.Client
	// Now is the clock, for the webhook timestamp and events without a time; nil means time.Now.
	Now func() time.Time
}

// Send sends e over c with the zero Sender.
func Send(ctx context.Context, c Channel, e Event) error {
	var s Sender
	return s.Send(ctx, c, e)
}

// Send validates c, renders e in the format of c's kind and delivers it within Timeout. A
// failed delivery is a *SendError whose Temporary says whether to retry; an invalid channel is
// a *FieldError.
func (s *Sender) Send(ctx context.Context, c Channel, e Event) error {
	if err := Validate(c); err != nil {
		return err
	}
	d, _ := lookup(c.Kind)
	ctx, cancel := context.WithTimeout(ctx, Timeout)
	defer cancel()
	if err := d.send(ctx, s, c, e.normalize(s.now())); err != nil {
		return err
	}
	return nil
}

func (s *Sender) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

func (s *Sender) client() *http.Client {
	if s.HTTPClient != nil {
		return s.HTTPClient
	}
	return &http.Client{Timeout: Timeout}
}
