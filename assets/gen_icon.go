//go:build ignore

// gen_icon draws Gather's icon: people (dots) gathered in a ring around a
// tick, on a garden-green rounded square.
package main

import (
	"flag"
	"image"
	"image/color"
	"image/png"
	"math"
	"os"
)

func main() {
	out := flag.String("out", "icon.png", "where to write the PNG")
	flag.Parse()
	const size, ss = 512, 4 // supersampling for smooth edges
	green := color.NRGBA{0x2e, 0x7d, 0x5b, 0xff}
	cream := color.NRGBA{0xf7, 0xf5, 0xef, 0xff}
	gold := color.NRGBA{0xf2, 0xb8, 0x4b, 0xff}
	img := image.NewNRGBA(image.Rect(0, 0, size, size))
	c := float64(size) / 2
	// shape returns the colour at a point, or transparent.
	shape := func(x, y float64) color.NRGBA {
		// rounded square
		r := 96.0
		m := 16.0
		dx := math.Max(math.Max(m+r-x, x-(size-m-r)), 0)
		dy := math.Max(math.Max(m+r-y, y-(size-m-r)), 0)
		if dx*dx+dy*dy > r*r {
			return color.NRGBA{}
		}
		// six people around the ring
		for i := 0; i < 6; i++ {
			a := float64(i)*math.Pi/3 - math.Pi/2
			px, py := c+162*math.Cos(a), c+162*math.Sin(a)
			if (x-px)*(x-px)+(y-py)*(y-py) < 34*34 {
				if i == 0 {
					return gold
				}
				return cream
			}
		}
		// the tick: two thick segments
		if segDist(x, y, 192, 262, 238, 308) < 22 || segDist(x, y, 238, 308, 322, 214) < 22 {
			return cream
		}
		return green
	}
	for y := 0; y < size; y++ {
		for x := 0; x < size; x++ {
			var r, g, b, a float64
			for sy := 0; sy < ss; sy++ {
				for sx := 0; sx < ss; sx++ {
					col := shape(float64(x)+(float64(sx)+0.5)/ss, float64(y)+(float64(sy)+0.5)/ss)
					fa := float64(col.A) / 255
					r += float64(col.R) * fa
					g += float64(col.G) * fa
					b += float64(col.B) * fa
					a += fa
				}
			}
			n := float64(ss * ss)
			if a == 0 {
				continue
			}
			img.SetNRGBA(x, y, color.NRGBA{uint8(r / a), uint8(g / a), uint8(b / a), uint8(255 * a / n)})
		}
	}
	f, err := os.Create(*out)
	if err != nil {
		panic(err)
	}
	defer f.Close()
	if err := png.Encode(f, img); err != nil {
		panic(err)
	}
}

func segDist(px, py, ax, ay, bx, by float64) float64 {
	vx, vy := bx-ax, by-ay
	t := ((px-ax)*vx + (py-ay)*vy) / (vx*vx + vy*vy)
	t = math.Max(0, math.Min(1, t))
	dx, dy := ax+t*vx-px, ay+t*vy-py
	return math.Sqrt(dx*dx + dy*dy)
}
