package keyslot

import "testing"

// BenchmarkUnwrapDefault measures one unlock's key derivation with the
// default parameters: the wait a person sees after typing their PIN.
func BenchmarkUnwrapDefault(b *testing.B) {
	s, err := seal(make([]byte, 32), "s1", "739155", DefaultParams)
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, ok := open(&s, "739155", false, false); !ok {
			b.Fatal("does not open")
		}
	}
}
