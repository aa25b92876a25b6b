package main

import (
	"fmt"
	"os"
	"os/user"
	"path/filepath"
	"strconv"
)

// checkOwner refuses to work on a data folder that another user owns. A
// command run as root on the .deb's folder would leave root's files in the
// store (Badger's logs, tables, its lock), and the service, which runs as
// gather-server, could then no longer open it: it fails with "permission
// denied" and systemd restarts it in a loop.
func checkOwner(data string) error {
	return ownerError(data, os.Geteuid(), folderOwner)
}

// ownerError is checkOwner with the user and the folder's owner given.
// owner says who owns a path, and ok false where it cannot say (the path
// does not exist, or the system has no such owners).
func ownerError(data string, euid int, owner func(path string) (uid int, ok bool)) error {
	if euid < 0 { // Windows: no user ids
		return nil
	}
	// The store's own folder if there is one, else the data folder (restore
	// and serve fill it).
	uid, ok := owner(filepath.Join(data, "db"))
	if !ok {
		uid, ok = owner(data)
	}
	if !ok || uid == euid {
		return nil
	}
	name := strconv.Itoa(uid)
	if u, err := user.LookupId(name); err == nil {
		name = u.Username
	}
	return fmt.Errorf("%s belongs to user %s: run the command as the folder's owner (sudo -u %s gather-server ...), "+
		"or the files it writes there would stop the server opening its store", data, name, name)
}
