package schema

import (
	"entgo.io/ent"

	"github.com/dbackup/dbackup/internal/account/guard"
)

// The hooks that keep the built-in Admins group intact sit together here because they enforce
// one rule across two schemas; their bodies are in internal/account/guard.

// Hooks of Group.
func (Group) Hooks() []ent.Hook { return []ent.Hook{guard.GroupHook()} }

// Hooks of User.
func (User) Hooks() []ent.Hook { return []ent.Hook{guard.UserHook()} }
