package app

import (
	"fmt"
	"path/filepath"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/gather-sp/gather/access"
	"github.com/gather-sp/gather/app/kit"
	"github.com/gather-sp/gather/app/shell"
)

// Backing up the device from Settings, for administrators (Options.Backup).
// Restoring is not here: a backup goes back onto a computer before Gather
// is set up there (first run's "Restore from a backup…", or
// `gather restore FILE`), and the panel says so.

const (
	metaBackupDir = "ui.backup_dir" // the folder the last backup went to
	metaBackupAt  = "ui.backup_at"  // when, RFC 3339
	metaBackupTo  = "ui.backup_to"  // the file
)

// backupExt is the file name ending a backup gets.
const backupExt = ".gatherbackup"

// backupPanel is Settings' Backup panel.
type backupPanel struct {
	u      *UI
	panel  fyne.CanvasObject
	btn    *widget.Button
	last   *widget.Label
	msg    *widget.Label
	dialog *kit.SaveDialog // while asking where to save
}

func newBackupPanel(u *UI, heading *widget.Label) *backupPanel {
	b := &backupPanel{u: u}
	b.btn = kit.BigButton("Back up this device…", theme.DownloadIcon(), widget.MediumImportance, b.onBackup)
	b.last = kit.RowDetail("")
	b.msg = kit.Wrapped("")
	b.msg.Hide()
	note := kit.Muted
	cmd := kit.Code("gather restore BACKUP-FILE")
	cmd.Selectable = true
	restoreHeading := widget.NewLabelWithStyle("Restoring on a new computer", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	b.panel = kit.Panel(container.NewVBox(heading,
		note("One encrypted file with every record on this device and the staff who may unlock it. It opens only with "+
			"the PIN of an administrator on this device when it was made. Keep every backup away from this device, "+
			"such as on a memory stick in a locked drawer."),
		b.last, container.NewHBox(kit.Tall(b.btn)), b.msg,
		restoreHeading,
		note("Install Gather on the new computer and open it. Instead of setting it up, choose Restore from a backup… "+
			"and give an administrator's PIN from when the backup was made. It then syncs as this device and loses "+
			"nothing: stop using the old device. If the old device was removed from the server, an administrator "+
			"connects the restored one again with a new "+kit.ConnectionCode+". From a terminal, the same is:"),
		cmd,
	))
	if u.opts.Backup == nil || !access.CanDo(u.staff.Role, access.ActionManageDevices) {
		b.panel.Hide()
	}
	return b
}

// refresh shows when the device was last backed up from here.
func (b *backupPanel) refresh() {
	at, err := time.Parse(time.RFC3339, b.u.Meta(metaBackupAt))
	if err != nil {
		b.last.SetText("Not backed up from this screen yet.")
		return
	}
	b.last.SetText(fmt.Sprintf("Last backed up on %s to %s.", at.In(time.Local).Format("2 January 2006 at 15:04"), b.u.Meta(metaBackupTo)))
}

// backupFolder is where the save dialog opens: the folder of the last
// backup while it is still there, else the printouts' folder.
func (b *backupPanel) backupFolder() string {
	return b.u.lastFolder(metaBackupDir, b.u.printFolder())
}

// onBackup asks where to save the backup (kit.AskSave: a folder and a
// file name, and whether to replace a backup of that name there), then
// writes it. Nothing touches a file there before the backup is complete:
// Options.Backup writes beside it and renames.
func (b *backupPanel) onBackup() {
	b.u.Touch()
	b.dialog = kit.AskSave(b.u.win, kit.Save{
		Title: "Save the backup", Confirm: "Back up", What: "backup",
		Folder: b.backupFolder(), Name: "gather-backup-" + b.u.Now().Format("2006-01-02") + backupExt, Ext: backupExt,
		Closed: func() { b.dialog = nil },
		Chosen: b.backUpTo,
	})
}

// backUpTo writes the backup to path off the UI goroutine, then says how
// it went and remembers it. A backup that fails leaves path as it was:
// Options.Backup replaces it only with a complete backup.
func (b *backupPanel) backUpTo(path string) {
	if !access.CanDo(b.u.staff.Role, access.ActionManageDevices) || b.u.opts.Backup == nil {
		return
	}
	b.btn.Disable()
	b.say("Backing up… Gather goes on working meanwhile.", widget.MediumImportance)
	backup := b.u.opts.Backup
	var opens string
	var err error
	b.u.runAsync(func() { opens, err = backup(path) }, func() {
		b.btn.Enable()
		if err != nil {
			b.say("The backup was not made: "+shell.Sentence(err)+" Nothing on this device has changed, nor any file there; try again, or choose another folder.", widget.DangerImportance)
			return
		}
		now := b.u.Now()
		b.u.SetMeta(map[string]string{metaBackupDir: filepath.Dir(path), metaBackupAt: now.UTC().Format(time.RFC3339), metaBackupTo: path})
		b.refresh()
		b.say("Backed up to "+path+". "+opens+" On this computer the file is readable by your account only; copy it somewhere safe, "+
			"away from this device.", widget.SuccessImportance)
	})
}

func (b *backupPanel) say(msg string, imp widget.Importance) {
	b.msg.SetText(msg)
	b.msg.Importance = imp
	b.msg.Show()
	b.msg.Refresh()
}
