// Package cmalloc keeps the C heap of a device's process near what it
// holds.
//
// The desktop app's C heap is mostly the OpenGL driver's: with Mesa
// drawing in software, every texture Fyne uploads (each piece of text is
// one) is a copy in memory allocated with malloc, and it is freed when
// Fyne lets a texture go after a screen is no longer shown. glibc's malloc
// gives memory back to the system only from the top of its heap, and only
// past a threshold it raises to the size of the largest block freed, so
// after a few screens the freed textures stay resident as holes between
// textures still drawn. ForDevice asks glibc to map large blocks on their
// own (so freeing one returns it) and to hand back free pages now and then
// (malloc_trim). Elsewhere (no glibc, no cgo) it does nothing.
package cmalloc
