package main

import (
	"slices"
	"strings"
	"testing"
)

func TestSelectConfigs(t *testing.T) {
	avx512 := []string{"avx512", "avx2", "go"}
	avx2 := []string{"avx2", "go"}
	pure := []string{"go"}
	for _, tc := range []struct {
		name    string
		list    string
		kernels []string
		want    string // picked names, comma-separated, in table order
		notes   []string
		wantErr string
	}{
		{name: "all on an AVX-512 CPU", list: "all", kernels: avx512,
			want: "go-t1,go-t2,go-dense-t1,go-dense-t2,go-avx2-t1,go-avx2-t2,go-purego-t1,go-purego-t2,torch-t1,torch-t2,torch-skx-t1,torch-skx-t2,torch-compile-t1,torch-compile-t2,jax-t1,jax-t2"},
		{name: "all on an AVX2 CPU drops repeats and SkylakeX", list: "all", kernels: avx2,
			want:  "go-t1,go-t2,go-dense-t1,go-dense-t2,go-purego-t1,go-purego-t2,torch-t1,torch-t2,torch-compile-t1,torch-compile-t2,jax-t1,jax-t2",
			notes: []string{"go-avx2-t1 skipped: avx2 is already the default", "go-avx2-t2", "torch-skx-t1 skipped: OPENBLAS_CORETYPE=SkylakeX", "torch-skx-t2"}},
		{name: "named runs anyway", list: "go-avx2-t1,torch-skx-t2", kernels: avx2, want: "go-avx2-t1,torch-skx-t2"},
		{name: "no AVX2 at all", list: "go", kernels: pure,
			want: "go-t1,go-t2,go-dense-t1,go-dense-t2", notes: []string{"go-avx2-t1 skipped: this CPU has no avx2 kernel", "go-avx2-t2", "go-purego-t1 skipped: go is already the default", "go-purego-t2"}},
		{name: "group and name, table order, no duplicates", list: "torch-t2, go ,go-t1", kernels: avx512,
			want: "go-t1,go-t2,go-dense-t1,go-dense-t2,go-avx2-t1,go-avx2-t2,go-purego-t1,go-purego-t2,torch-t2"},
		{name: "the JAX group", list: "jax,go-t2", kernels: avx2, want: "go-t2,jax-t1,jax-t2"},
		{name: "unknown", list: "go-t3", kernels: avx2, wantErr: `unknown config "go-t3"`},
		{name: "nothing", list: ",", kernels: avx2, wantErr: "selects nothing"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cs, notes, err := selectConfigs(tc.list, tc.kernels)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("error %v, want one containing %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := strings.Join(configNames(cs), ","); got != tc.want {
				t.Errorf("picked %s\nwant      %s", got, tc.want)
			}
			if len(notes) != len(tc.notes) {
				t.Errorf("notes %q, want %d", notes, len(tc.notes))
			}
			for i, n := range tc.notes {
				if i >= len(notes) || !strings.Contains(notes[i], n) {
					t.Errorf("notes %q lack %q at %d", notes, n, i)
				}
			}
		})
	}
}

func TestEnvFor(t *testing.T) {
	base := []string{"PATH=/bin", "VAE_GEMM=go", "OPENBLAS_L2_SIZE=1048576", "OPENBLAS_NUM_THREADS=8", "OPENBLAS_CORETYPE=Haswell", "HOME=/root"}
	for _, tc := range []struct {
		c    config
		want []string
		desc string
	}{
		{config{Trainer: goTrainer}, []string{"PATH=/bin", "OPENBLAS_L2_SIZE=1048576", "OPENBLAS_NUM_THREADS=8", "OPENBLAS_CORETYPE=Haswell", "HOME=/root"}, "-VAE_GEMM -VAE_SPARSE"},
		{config{Trainer: goTrainer, Dense: true}, []string{"PATH=/bin", "OPENBLAS_L2_SIZE=1048576", "OPENBLAS_NUM_THREADS=8", "OPENBLAS_CORETYPE=Haswell", "HOME=/root", "VAE_SPARSE=off"}, "-VAE_GEMM VAE_SPARSE=off"},
		{config{Trainer: goTrainer, Kernel: "avx2"}, []string{"PATH=/bin", "OPENBLAS_L2_SIZE=1048576", "OPENBLAS_NUM_THREADS=8", "OPENBLAS_CORETYPE=Haswell", "HOME=/root", "VAE_GEMM=avx2"}, "-VAE_SPARSE VAE_GEMM=avx2"},
		{config{Trainer: torchTrainer}, []string{"PATH=/bin", "VAE_GEMM=go", "HOME=/root"}, "-OPENBLAS_L2_SIZE -OPENBLAS_NUM_THREADS -OMP_NUM_THREADS -OPENBLAS_CORETYPE"},
		{config{Trainer: torchTrainer, CoreType: skylakeX}, []string{"PATH=/bin", "VAE_GEMM=go", "HOME=/root", "OPENBLAS_CORETYPE=SkylakeX"}, "-OPENBLAS_L2_SIZE -OPENBLAS_NUM_THREADS -OMP_NUM_THREADS OPENBLAS_CORETYPE=SkylakeX"},
	} {
		e := envFor(tc.c)
		if got := e.apply(base); !slices.Equal(got, tc.want) {
			t.Errorf("%+v: env\n%q\nwant\n%q", tc.c, got, tc.want)
		}
		if got := e.String(); got != tc.desc {
			t.Errorf("%+v: described as %q, want %q", tc.c, got, tc.desc)
		}
	}
}

func TestSchedule(t *testing.T) {
	cs := []config{{Name: "a"}, {Name: "b"}, {Name: "c"}}
	var got []string
	for _, s := range schedule(cs, 3) {
		got = append(got, s.Config.Name+string(rune('0'+s.Round)))
	}
	want := []string{"a1", "b1", "c1", "b2", "c2", "a2", "c3", "a3", "b3"}
	if !slices.Equal(got, want) {
		t.Errorf("schedule %v, want %v: every config once per round, each round starting one later", got, want)
	}
}

// TestPinned: a 1-thread config runs under taskset -c 0 when taskset is
// there, and a 2-thread one as it is.
func TestPinned(t *testing.T) {
	argv := []string{"python", "jax_vae_ref.py", "--threads", "1"}
	if got, _ := pinned(argv, 2); strings.Join(got, " ") != strings.Join(argv, " ") {
		t.Errorf("2 threads: %q, want the command unchanged", got)
	}
	got, ok := pinned(argv, 1)
	want := "taskset -c 0 " + strings.Join(argv, " ")
	if !ok {
		want = strings.Join(argv, " ")
	}
	if strings.Join(got, " ") != want {
		t.Errorf("1 thread (taskset found: %v): %q, want %q", ok, got, want)
	}
}
