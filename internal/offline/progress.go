package offline

import (
	"fmt"
	"io"
	"strings"
	"sync"
	"time"
)

// barWidth is the number of cells of the terminal progress bar.
const barWidth = 30

// redrawEvery limits terminal redraws, so that a fast copy is not slowed by the terminal.
const redrawEvery = 100 * time.Millisecond

// Progress reports how far a pass over a stored object has come. On a terminal it redraws one
// line (bar, percentage, bytes, rate); otherwise it writes a line at the start and the end of
// each pass. A nil *Progress reports nothing. It is safe for concurrent use.
type Progress struct {
	w   io.Writer
	tty bool
	now func() time.Time

	mu        sync.Mutex
	label     string
	total, n  int64
	start     time.Time
	lastDraw  time.Time
	lastPlain int // last quarter reported in plain mode
}

// NewProgress reports to w; tty selects the redrawn bar. now is the clock (nil: time.Now).
func NewProgress(w io.Writer, tty bool, now func() time.Time) *Progress {
	if now == nil {
		now = time.Now
	}
	return &Progress{w: w, tty: tty, now: now}
}

// Start begins a pass named label over total bytes.
func (p *Progress) Start(label string, total int64) {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.label, p.total, p.n, p.start, p.lastPlain = label, total, 0, p.now(), 0
	p.lastDraw = time.Time{}
	if p.tty {
		p.draw()
		return
	}
	fmt.Fprintf(p.w, "%s: %s\n", label, humanBytes(total))
}

// Add records n more bytes.
func (p *Progress) Add(n int64) {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.n += n
	if p.tty {
		if now := p.now(); now.Sub(p.lastDraw) >= redrawEvery {
			p.draw()
		}
		return
	}
	if p.total > 0 {
		if q := int(p.n * 4 / p.total); q > p.lastPlain && q < 4 {
			p.lastPlain = q
			fmt.Fprintf(p.w, "%s: %d%%\n", p.label, q*25)
		}
	}
}

// Done ends the pass, with its outcome.
func (p *Progress) Done(err error) {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.tty {
		p.draw()
		fmt.Fprintln(p.w)
	}
	if err != nil {
		fmt.Fprintf(p.w, "%s: failed after %s\n", p.label, humanBytes(p.n))
		return
	}
	fmt.Fprintf(p.w, "%s: done, %s in %s (%s/s)\n", p.label, humanBytes(p.n),
		p.now().Sub(p.start).Round(time.Millisecond), humanBytes(p.rate()))
}

func (p *Progress) rate() int64 {
	d := p.now().Sub(p.start).Seconds()
	if d <= 0 {
		return 0
	}
	return int64(float64(p.n) / d)
}

// draw writes the bar over the current line.
func (p *Progress) draw() {
	p.lastDraw = p.now()
	pct := 100.0
	if p.total > 0 {
		pct = min(100, float64(p.n)*100/float64(p.total))
	}
	full := int(pct / 100 * barWidth)
	bar := strings.Repeat("#", full) + strings.Repeat(".", barWidth-full)
	fmt.Fprintf(p.w, "\r%s [%s] %5.1f%%  %s / %s  %s/s\x1b[K", p.label, bar, pct,
		humanBytes(p.n), humanBytes(p.total), humanBytes(p.rate()))
}

// humanBytes formats a size with binary units.
func humanBytes(n int64) string {
	const unit = 1024
	if n < unit {
		return fmt.Sprintf("%d B", n)
	}
	div, exp := int64(unit), 0
	for m := n / unit; m >= unit; m /= unit {
		div *= unit
		exp++
	}
	return fmt.Sprintf("%.1f %ciB", float64(n)/float64(div), "KMGTPE"[exp])
}

// HumanBytes formats a size with binary units, as the progress lines do.
func HumanBytes(n int64) string { return humanBytes(n) }
