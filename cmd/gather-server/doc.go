// Command gather-server is Gather's central sync server.
//
//	gather-server serve --data DIR --addr 127.0.0.1:8420 [--tls-cert FILE --tls-key FILE]
//	gather-server add-venue --data DIR --name "Community Garden" [--id ID] [--address TEXT]
//	gather-server create-code --data DIR (--organisation | --venues ID,ID) [--role ROLE] [--valid 24h]
//	gather-server devices --data DIR
//	gather-server revoke --data DIR --device ID
//	gather-server backup --data DIR --out FILE
//	gather-server restore --data DIR --in FILE
//
// The admin commands work on the data folder directly when the server is
// stopped. While it runs (it holds the folder's lock) they send the same
// request to the running server's admin endpoint, using the admin token the
// server keeps in DIR/admin-token, so a lost tablet can be revoked at once
// without stopping anyone's sync.
package main
