package keyslot

import (
	"errors"
	"testing"
)

func TestCheckPIN(t *testing.T) {
	cases := []struct {
		pin    string
		minLen int
		want   error
	}{
		{"739155", 6, nil},
		{"7391", 4, nil},
		{"7391", 6, ErrPINTooShort},
		{"", 4, ErrPINTooShort},
		{"12", 0, ErrPINTooShort}, // the floor is 4 whatever is asked
		{"0000", 4, ErrPINTooEasy},
		{"1234", 4, ErrPINTooEasy},
		{"4321", 4, ErrPINTooEasy},
		{"7890", 4, ErrPINTooEasy},
		{"1212", 4, ErrPINTooEasy},
		{"2580", 4, ErrPINTooEasy},
		{"123456", 6, ErrPINTooEasy},
		{"654321", 6, ErrPINTooEasy},
		{"123123", 6, ErrPINTooEasy},
		{"111111", 6, ErrPINTooEasy},
		{"Password", 6, ErrPINTooEasy},
		{"abcdef", 6, ErrPINTooEasy},
		{"      ", 6, ErrPINTooEasy},
		{"correct horse battery", 6, nil},
		{"crème brûlée", 6, nil},
		{string(make([]byte, 300)), 6, ErrPINTooLong},
		{"\xff\xfe\xfd\xfc\xfb\xfa", 6, ErrPINTooEasy},
	}
	for _, tc := range cases {
		t.Run(tc.pin, func(t *testing.T) {
			if err := CheckPIN(tc.pin, tc.minLen); !errors.Is(err, tc.want) {
				t.Fatalf("CheckPIN(%q, %d) = %v, want %v", tc.pin, tc.minLen, err, tc.want)
			}
		})
	}
}

func TestPassphraseIsNormalised(t *testing.T) {
	composed, decomposed := "caf\u00e9 au lait", "cafe\u0301 au lait"
	s, err := seal(make([]byte, 32), "s1", composed, TestParams)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := open(&s, decomposed, false, false); !ok {
		t.Fatal("the same passphrase typed decomposed does not open")
	}
}
