package iwae

import (
	"fmt"
	"math"

	"github.com/vaelab/govae/lessons/likelihood"
)

// BoundForward sets bounds[b] to the k-sample bound of digit b from its k
// log weights logw[b·k : b·k+k],
//
//	L_k = LogSumExp(log w) − log k      (likelihood.LogSumExp, float64)
//
// and keeps in wnorm (len B·k) the normalized weights
// w̃_i = e^(log w_i − LogSumExp(log w)), a softmax over each digit's
// samples that sums to 1, which BoundBackward needs. It panics if the
// lengths do not fit.
func BoundForward(bounds, wnorm, logw []float64, k int) {
	if k < 1 || len(logw) != len(bounds)*k || len(wnorm) != len(logw) {
		panic(fmt.Sprintf("iwae: BoundForward: %d bounds, %d log weights, %d normalized weights at k = %d; want B, B·k, B·k", len(bounds), len(logw), len(wnorm), k))
	}
	logk := math.Log(float64(k))
	for b := range bounds {
		g := logw[b*k : (b+1)*k]
		lse := likelihood.LogSumExp(g)
		bounds[b] = lse - logk
		for i, v := range g {
			wnorm[b*k+i] = math.Exp(v - lse)
		}
	}
}

// BoundBackward adds dbounds[b] · ∂L_k/∂log w_i = dbounds[b] · w̃_i into
// dlogw for each sample i of digit b, from the normalized weights wnorm
// that BoundForward kept. It panics if the lengths do not fit.
func BoundBackward(dlogw, dbounds, wnorm []float64, k int) {
	if k < 1 || len(wnorm) != len(dbounds)*k || len(dlogw) != len(wnorm) {
		panic(fmt.Sprintf("iwae: BoundBackward: %d bound gradients, %d normalized weights, %d log-weight gradients at k = %d; want B, B·k, B·k", len(dbounds), len(wnorm), len(dlogw), k))
	}
	for b, g := range dbounds {
		for i := b * k; i < (b+1)*k; i++ {
			dlogw[i] += g * wnorm[i]
		}
	}
}
