package gemm

// Blocking. The driver walks C in blocks of at most ncMax columns; within a
// block it walks k in slices of at most kcMax, and within a slice it calls
// the micro-kernel on every mr×nr tile, row panel by row panel. The kc×nc
// slice of op(B) (at most 512 KiB) stays in L2 while each kc×mr panel of
// op(A) (8 KiB for mr = 8) stays in L1.
const (
	kcMax = 256
	ncMax = 512
)

// call holds the arguments of the product in flight.
type call struct {
	transA, transB bool
	m, n, k        int
	a              []float32
	lda            int
	b              []float32
	ldb            int
	beta           float32
	c              []float32
	ldc            int

	// bt, when not nil, holds all of op(B) = Bᵀ packed by packAll: the
	// panels of the k-slice starting at pc begin at bt[pc*nPad:].
	bt   []float32
	nPad int
}

// part is the block C[i0:i1, j0:j1] one worker computes.
type part struct{ i0, i1, j0, j1 int }

// scratch is one worker's packing space, allocated once in New.
type scratch struct {
	bp []float32 // packed op(B) = Bᵀ slice, kcMax × ncMax rounded up to nr
	bt []float32 // ragged right panel of op(B), kcMax × nr
	at []float32 // ragged bottom panel of op(A), kcMax × mr
	ct []float32 // C tile for ragged tiles, mr × nr
	_  [64]byte
}

func newScratch(kn *kernel) scratch {
	return scratch{
		bp: make([]float32, kcMax*roundUp(ncMax, kn.nr)),
		bt: make([]float32, kcMax*kn.nr),
		at: make([]float32, kcMax*kn.mr),
		ct: make([]float32, kn.mr*kn.nr),
	}
}

func roundUp(x, to int) int { return (x + to - 1) / to * to }

// compute computes the block pt of the product cl with kernel kn.
func compute(kn *kernel, s *scratch, cl *call, pt part) {
	if pt.i0 >= pt.i1 || pt.j0 >= pt.j1 {
		return
	}
	if cl.beta != 0 && cl.beta != 1 || cl.k == 0 {
		// Scale C by beta first; the k-loop below then adds into it.
		for i := pt.i0; i < pt.i1; i++ {
			ci := cl.c[i*cl.ldc+pt.j0 : i*cl.ldc+pt.j1]
			for j := range ci {
				ci[j] *= cl.beta
			}
			if cl.beta == 0 {
				clear(ci)
			}
		}
	}
	mr, nr := kn.mr, kn.nr
	lda, ldb, ldc := cl.lda, cl.ldb, cl.ldc
	kb := kSlice(cl.k)
	for jc := pt.j0; jc < pt.j1; jc += ncMax {
		nc := min(ncMax, pt.j1-jc)
		ragged := nc % nr // columns in the ragged right panel, if any
		for pc := 0; pc < cl.k; pc += kb {
			kc := min(kb, cl.k-pc)
			add := pc > 0 || cl.beta != 0
			if cl.bt != nil {
				// Packed for all workers before this round.
			} else if cl.transB {
				packBT(kn, s.bp, cl.b, ldb, pc, kc, jc, nc, nr)
			} else if ragged > 0 {
				packBTail(s.bt, cl.b, ldb, pc, kc, jc+nc-ragged, ragged, nr)
			}
			for ir := pt.i0; ir < pt.i1; ir += mr {
				rows := min(mr, pt.i1-ir)
				a, as, ap := s.at, 1, mr
				switch {
				case rows < mr:
					packATail(s.at, cl.a, lda, cl.transA, ir, rows, pc, kc, mr)
				case cl.transA:
					a, as, ap = cl.a[pc*lda+ir:], 1, lda
				default:
					a, as, ap = cl.a[ir*lda+pc:], lda, 1
				}
				for jr := 0; jr < nc; jr += nr {
					cols := min(nr, nc-jr)
					b, bs := s.bt, nr
					switch {
					case cl.bt != nil:
						b = cl.bt[pc*cl.nPad+(jc+jr)*kc:]
					case cl.transB:
						b = s.bp[jr*kc:]
					case cols == nr:
						b, bs = cl.b[pc*ldb+jc+jr:], ldb
					}
					ct := cl.c[ir*ldc+jc+jr:]
					if rows == mr && cols == nr {
						kn.tile(kc, a, as, ap, b, bs, ct, ldc, add)
						continue
					}
					edgeTiles(kn, s, kc, a, as, ap, b, bs, ct, ldc, rows, cols, add)
				}
			}
		}
	}
}

// edgeTiles computes a rows×cols tile on the bottom or right edge of C,
// rows <= mr and cols <= nr. It covers the columns with kn's tiles as
// pickTile chooses them and sends what is left over from rows and columns
// through the scratch tile. A tile may read columns of b beyond cols only
// when cols < nr, and then b is a packed panel nr wide.
func edgeTiles(kn *kernel, s *scratch, kc int, a []float32, as, ap int, b []float32, bs int, c []float32, ldc, rows, cols int, add bool) {
	for j := 0; j < cols; {
		left := cols - j
		e := pickTile(kn, rows, left)
		tile, width := e.tile, e.width
		if rows == kn.mr && width <= left {
			tile(kc, a, as, ap, b[j:], bs, c[j:], ldc, add)
			j += width
			continue
		}
		tile(kc, a, as, ap, b[j:], bs, s.ct, kn.nr, false)
		for i := 0; i < rows; i++ {
			ci := c[i*ldc+j:]
			ci = ci[:min(width, left)]
			ti := s.ct[i*kn.nr : i*kn.nr+len(ci)]
			if add {
				for jj, v := range ti {
					ci[jj] += v
				}
			} else {
				copy(ci, ti)
			}
		}
		j += width
	}
}

// pickTile returns the tile for the next left columns of an edge tile with
// the given rows: when it has all mr rows, the widest that fits, which then
// writes C directly; otherwise, or if none fits, the narrowest that covers
// the columns, which writes the scratch tile.
func pickTile(kn *kernel, rows, left int) edgeTile {
	if rows == kn.mr {
		if left >= kn.nr {
			return edgeTile{kn.nr, kn.tile}
		}
		for _, e := range kn.edges { // widest first
			if e.width <= left {
				return e
			}
		}
	}
	best := edgeTile{kn.nr, kn.tile}
	for _, e := range kn.edges {
		if e.width >= left {
			best = e
		}
	}
	return best
}

// kSlice returns the length of the k-slices: k cut into equal slices of at
// most kcMax, rounded up to a multiple of 8 (packBT's blocks), so that no
// slice is left short: k = 784 runs as 4×196, not 3×256 + 16.
func kSlice(k int) int {
	if k == 0 {
		return 0
	}
	nk := (k + kcMax - 1) / kcMax
	return min(kcMax, roundUp((k+nk-1)/nk, 8))
}

// packAll packs panels [q0, q1) of op(B) = Bᵀ, every k-slice, into cl.bt.
// The workers of a pool each pack a share this way before they compute.
func packAll(kn *kernel, cl *call, q0, q1 int) {
	if q0 >= q1 {
		return
	}
	kb := kSlice(cl.k)
	j0, j1 := q0*kn.nr, min(cl.n, q1*kn.nr)
	for pc := 0; pc < cl.k; pc += kb {
		kc := min(kb, cl.k-pc)
		packBT(kn, cl.bt[pc*cl.nPad+j0*kc:], cl.b, cl.ldb, pc, kc, j0, j1-j0, kn.nr)
	}
}

// split cuts the m×n product into t parts on a tm×tn grid of whole tiles,
// choosing the grid whose largest part is smallest, and among those the
// one with the most rows of parts (each part then reads all of op(B) but
// only its share of op(A), which is read in place).
func split(parts []part, m, n, t, mr, nr int) {
	um, un := (m+mr-1)/mr, (n+nr-1)/nr
	bestTm, bestCost := 1, -1
	for tm := 1; tm <= t; tm++ {
		if t%tm != 0 {
			continue
		}
		tn := t / tm
		rows := min(m, (um+tm-1)/tm*mr)
		cols := min(n, (un+tn-1)/tn*nr)
		cost := rows * cols
		if bestCost < 0 || cost <= bestCost {
			bestTm, bestCost = tm, cost
		}
	}
	tm := bestTm
	tn := t / tm
	for w := range parts[:t] {
		qm, qn := w/tn, w%tn
		parts[w] = part{
			i0: min(m, qm*um/tm*mr), i1: min(m, (qm+1)*um/tm*mr),
			j0: min(n, qn*un/tn*nr), j1: min(n, (qn+1)*un/tn*nr),
		}
	}
}
