// Package notify sends DBackup's notifications (a backup failed, a restore finished, logins are
// failing…) over the channels an administrator configures: email, a generic signed webhook,
// Slack, Discord, Microsoft Teams, Telegram, ntfy and Gotify.
//
// Each channel kind describes its form through Specs, in the same shape as the storage and
// source field specs, and Validate checks a Channel against it before anything is sent. Send
// renders an Event into the payload the service documents and posts it.
//
// Errors from Send are *SendError values: Temporary says whether trying again later can help
// (a 429, a 5xx, a network failure), and the message never contains a secret. Bot tokens,
// webhook URLs that embed a token, passwords and header values are replaced by "***" before a
// response body or a transport error becomes part of an error string.
//
// # Generic webhook
//
// The "webhook" kind POSTs this JSON, with Content-Type application/json:
//
//	{
//	  "type": "backup.failure",
//	  "severity": "error",
//	  "title": "Backup of shop failed",
//	  "message": "pg_dump exited with status 1",
//	  "fields": [{"name": "Job", "value": "nightly"}, {"name": "Error", "value": "…"}],
//	  "url": "https://dbackup.example.com/jobs/42",
//	  "time": "2025-01-02T03:04:05Z"
//	}
//
// fields keeps the order of Event.Fields, which is why it is an array rather than an object.
// The header X-DBackup-Event repeats the type. When the channel has a signing secret, the
// request also carries
//
//	X-DBackup-Timestamp: <unix seconds when the request was made>
//	X-DBackup-Signature: sha256=<hex HMAC-SHA256(secret, timestamp + "." + raw body)>
//
// A receiver recomputes the HMAC over the timestamp header, a dot and the exact bytes of the
// body, compares it in constant time, and rejects timestamps more than a few minutes old, so
// that a captured request cannot be replayed later.
//
// # Microsoft Teams
//
// The "teams" kind posts an Adaptive Card (version 1.4) wrapped in a message, the format that
// both the Workflows ("Post to a channel when a webhook request is received") and the older
// Office 365 connector URLs accept:
//
//	{"type": "message", "attachments": [{"contentType": "application/vnd.microsoft.card.adaptive",
//	  "content": {"type": "AdaptiveCard", "version": "1.4", "body": […], "actions": […]}}]}
package notify
