;; The memory-bound passes of our wasm training kernels as WebAssembly SIMD, run on the wasm
;; backend's own heap (the module imports the backend's memory). JavaScript writes a number in
;; ~4-5 ns here; these move four per instruction. Compiled by scripts/build-simd-kernels.ts into
;; two binaries: this one, and one whose memory import is `shared` for the backend's threaded
;; build. Pointers are byte offsets into the heap; counts are in numbers (4 bytes each).
;; src/backend/wasm/simd/kernels.ts calls them, and falls back to JavaScript where a shape
;; does not fit (channels not a multiple of four).
(module
  (import "env" "memory" (memory 1))

  ;; Adam, one pass (src/train/adam.ts has the maths): for i < n,
  ;;   m1 = b1·m + (1 − b1)·g,  v1 = b2·v + (1 − b2)·g²,
  ;;   theta1 = theta − lr·(m1 / bc1) / (√(v1 / bc2) + eps),
  ;; two numbers at a time in float64 (as the JavaScript loop computes, rounding once when
  ;; storing; float32 arithmetic drifted 1e-5 from it over a few steps of small weights).
  ;; n is even; the caller does the last one.
  (func (export "adam")
    (param $theta i32) (param $g i32) (param $m i32) (param $v i32)
    (param $theta1 i32) (param $m1 i32) (param $v1 i32) (param $n i32)
    (param $lr f64) (param $b1 f64) (param $b2 f64) (param $eps f64) (param $bc1 f64) (param $bc2 f64)
    (local $i i32) (local $end i32)
    (local $vb1 v128) (local $vb2 v128) (local $vc1 v128) (local $vc2 v128)
    (local $vlr v128) (local $veps v128) (local $vbc1 v128) (local $vbc2 v128)
    (local $grad v128) (local $first v128) (local $second v128)
    (local.set $vb1 (f64x2.splat (local.get $b1)))
    (local.set $vb2 (f64x2.splat (local.get $b2)))
    (local.set $vc1 (f64x2.splat (f64.sub (f64.const 1) (local.get $b1))))
    (local.set $vc2 (f64x2.splat (f64.sub (f64.const 1) (local.get $b2))))
    (local.set $vlr (f64x2.splat (local.get $lr)))
    (local.set $veps (f64x2.splat (local.get $eps)))
    (local.set $vbc1 (f64x2.splat (local.get $bc1)))
    (local.set $vbc2 (f64x2.splat (local.get $bc2)))
    (local.set $end (i32.shl (local.get $n) (i32.const 2)))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $end)))
        (local.set $grad (f64x2.promote_low_f32x4 (v128.load64_zero (i32.add (local.get $g) (local.get $i)))))
        (local.set $first
          (f64x2.add
            (f64x2.mul (local.get $vb1)
              (f64x2.promote_low_f32x4 (v128.load64_zero (i32.add (local.get $m) (local.get $i)))))
            (f64x2.mul (local.get $vc1) (local.get $grad))))
        (local.set $second
          (f64x2.add
            (f64x2.mul (local.get $vb2)
              (f64x2.promote_low_f32x4 (v128.load64_zero (i32.add (local.get $v) (local.get $i)))))
            ;; ((1 − b2)·g)·g, in the JavaScript loop's order, so both round alike
            (f64x2.mul (f64x2.mul (local.get $vc2) (local.get $grad)) (local.get $grad))))
        (v128.store64_lane 0 (i32.add (local.get $m1) (local.get $i)) (f32x4.demote_f64x2_zero (local.get $first)))
        (v128.store64_lane 0 (i32.add (local.get $v1) (local.get $i)) (f32x4.demote_f64x2_zero (local.get $second)))
        (v128.store64_lane 0 (i32.add (local.get $theta1) (local.get $i))
          (f32x4.demote_f64x2_zero
            (f64x2.sub
              (f64x2.promote_low_f32x4 (v128.load64_zero (i32.add (local.get $theta) (local.get $i))))
              (f64x2.div
                (f64x2.mul (local.get $vlr) (f64x2.div (local.get $first) (local.get $vbc1)))
                (f64x2.add (f64x2.sqrt (f64x2.div (local.get $second) (local.get $vbc2))) (local.get $veps))))))
        (local.set $i (i32.add (local.get $i) (i32.const 8)))
        (br $next))))

  ;; Copies `rows` rows of `width` numbers from `source` (a row every `sourceStride` numbers)
  ;; to `target` (every `targetStride`): the bits, four numbers at a time, then one by one.
  (func (export "copyRows")
    (param $target i32) (param $targetStride i32) (param $source i32) (param $sourceStride i32)
    (param $rows i32) (param $width i32)
    (local $row i32) (local $from i32) (local $to i32) (local $quadEnd i32) (local $end i32)
    (local $widthBytes i32)
    (local.set $widthBytes (i32.shl (local.get $width) (i32.const 2)))
    (local.set $targetStride (i32.shl (local.get $targetStride) (i32.const 2)))
    (local.set $sourceStride (i32.shl (local.get $sourceStride) (i32.const 2)))
    (block $rowsDone
      (loop $nextRow
        (br_if $rowsDone (i32.ge_u (local.get $row) (local.get $rows)))
        (local.set $from (i32.add (local.get $source) (i32.mul (local.get $row) (local.get $sourceStride))))
        (local.set $to (i32.add (local.get $target) (i32.mul (local.get $row) (local.get $targetStride))))
        (local.set $end (i32.add (local.get $from) (local.get $widthBytes)))
        (local.set $quadEnd (i32.add (local.get $from) (i32.and (local.get $widthBytes) (i32.const -16))))
        (block $quadsDone
          (loop $nextQuad
            (br_if $quadsDone (i32.ge_u (local.get $from) (local.get $quadEnd)))
            (v128.store (local.get $to) (v128.load (local.get $from)))
            (local.set $from (i32.add (local.get $from) (i32.const 16)))
            (local.set $to (i32.add (local.get $to) (i32.const 16)))
            (br $nextQuad)))
        (block $singlesDone
          (loop $nextSingle
            (br_if $singlesDone (i32.ge_u (local.get $from) (local.get $end)))
            (i32.store (local.get $to) (i32.load (local.get $from)))
            (local.set $from (i32.add (local.get $from) (i32.const 4)))
            (local.set $to (i32.add (local.get $to) (i32.const 4)))
            (br $nextSingle)))
        (local.set $row (i32.add (local.get $row) (i32.const 1)))
        (br $nextRow))))

  ;; The max-pool gradient of a 2×2, stride-2 pool without padding (non-overlapping windows),
  ;; `channels` a multiple of 4. `windowRows` = batch × output height; each window row reads
  ;; two input rows of `inWidth` pixels. Every output's gradient goes to the first maximum of
  ;; its window in row-major order (as on the cpu backend); the window's other three inputs
  ;; get 0. Inputs no window covers (an odd last row or column) are the caller's to zero.
  (func (export "maxPoolGrad2x2")
    (param $x i32) (param $dy i32) (param $dx i32)
    (param $windowRows i32) (param $outWidth i32) (param $inWidth i32) (param $channels i32)
    (param $outHeight i32) (param $inHeight i32)
    (local $windowRow i32) (local $image i32) (local $top i32) (local $ox i32) (local $k i32)
    (local $rowBytes i32) (local $channelBytes i32) (local $a i32) (local $g i32)
    (local $va v128) (local $vb v128) (local $vc v128) (local $vd v128) (local $grad v128)
    (local $m1 v128) (local $m2 v128) (local $m3 v128) (local $max v128) (local $zero v128)
    (local.set $channelBytes (i32.shl (local.get $channels) (i32.const 2)))
    (local.set $rowBytes (i32.mul (local.get $inWidth) (local.get $channelBytes)))
    (local.set $g (local.get $dy))
    (block $rowsDone
      (loop $nextRow
        (br_if $rowsDone (i32.ge_u (local.get $windowRow) (local.get $windowRows)))
        (local.set $image (i32.div_u (local.get $windowRow) (local.get $outHeight)))
        ;; first input row of this window row: image·inHeight + 2·(row within the image)
        (local.set $top
          (i32.add (local.get $x)
            (i32.mul (local.get $rowBytes)
              (i32.add
                (i32.mul (local.get $image) (local.get $inHeight))
                (i32.shl (i32.sub (local.get $windowRow) (i32.mul (local.get $image) (local.get $outHeight)))
                  (i32.const 1))))))
        (local.set $ox (i32.const 0))
        (block $windowsDone
          (loop $nextWindow
            (br_if $windowsDone (i32.ge_u (local.get $ox) (local.get $outWidth)))
            (local.set $a (i32.add (local.get $top) (i32.mul (local.get $ox) (i32.shl (local.get $channelBytes) (i32.const 1)))))
            (local.set $k (i32.const 0))
            (block $channelsDone
              (loop $nextChannels
                (br_if $channelsDone (i32.ge_u (local.get $k) (local.get $channelBytes)))
                (local.set $va (v128.load (i32.add (local.get $a) (local.get $k))))
                (local.set $vb (v128.load (i32.add (i32.add (local.get $a) (local.get $channelBytes)) (local.get $k))))
                (local.set $vc (v128.load (i32.add (i32.add (local.get $a) (local.get $rowBytes)) (local.get $k))))
                (local.set $vd
                  (v128.load
                    (i32.add (i32.add (i32.add (local.get $a) (local.get $rowBytes)) (local.get $channelBytes)) (local.get $k))))
                (local.set $grad (v128.load (local.get $g)))
                ;; the sequential rule: b replaces a if greater, then c the best so far, then d
                (local.set $m1 (f32x4.gt (local.get $vb) (local.get $va)))
                (local.set $max (v128.bitselect (local.get $vb) (local.get $va) (local.get $m1)))
                (local.set $m2 (f32x4.gt (local.get $vc) (local.get $max)))
                (local.set $max (v128.bitselect (local.get $vc) (local.get $max) (local.get $m2)))
                (local.set $m3 (f32x4.gt (local.get $vd) (local.get $max)))
                ;; d wins where m3; c where m2 and not m3; b where m1 and neither; a where none
                (v128.store
                  (i32.add (i32.add (i32.add (i32.sub (local.get $dx) (local.get $x)) (local.get $a)) (local.get $rowBytes))
                    (i32.add (local.get $channelBytes) (local.get $k)))
                  (v128.and (local.get $grad) (local.get $m3)))
                (local.set $m2 (v128.andnot (local.get $m2) (local.get $m3)))
                (v128.store
                  (i32.add (i32.add (i32.sub (local.get $dx) (local.get $x)) (local.get $a)) (i32.add (local.get $rowBytes) (local.get $k)))
                  (v128.and (local.get $grad) (local.get $m2)))
                (local.set $m1 (v128.andnot (v128.andnot (local.get $m1) (local.get $m2)) (local.get $m3)))
                (v128.store
                  (i32.add (i32.add (i32.sub (local.get $dx) (local.get $x)) (local.get $a)) (i32.add (local.get $channelBytes) (local.get $k)))
                  (v128.and (local.get $grad) (local.get $m1)))
                (v128.store
                  (i32.add (i32.add (i32.sub (local.get $dx) (local.get $x)) (local.get $a)) (local.get $k))
                  (v128.andnot (local.get $grad) (v128.or (v128.or (local.get $m1) (local.get $m2)) (local.get $m3))))
                (local.set $g (i32.add (local.get $g) (i32.const 16)))
                (local.set $k (i32.add (local.get $k) (i32.const 16)))
                (br $nextChannels)))
            (local.set $ox (i32.add (local.get $ox) (i32.const 1)))
            (br $nextWindow)))
        (local.set $windowRow (i32.add (local.get $windowRow) (i32.const 1)))
        (br $nextRow))))

  ;; x [n, pixels, c] → [c, pixels, n] (the transpose [3, 1, 2, 0] of an NHWC tensor, with the
  ;; pixels flattened), n and c multiples of 4: 4 × 4 blocks, each four loads, a transpose in
  ;; registers and four stores.
  (func (export "transposeBatchLast")
    (param $source i32) (param $target i32) (param $n i32) (param $pixels i32) (param $c i32)
    (local $p i32) (local $ci i32) (local $ni i32)
    (local $sourceRow i32) (local $targetRow i32) (local $from i32) (local $to i32)
    (local $r0 v128) (local $r1 v128) (local $r2 v128) (local $r3 v128)
    (local $t0 v128) (local $t1 v128) (local $t2 v128) (local $t3 v128)
    ;; bytes between the same pixel of consecutive images, and of consecutive target channels
    (local.set $sourceRow (i32.shl (i32.mul (local.get $pixels) (local.get $c)) (i32.const 2)))
    (local.set $targetRow (i32.shl (i32.mul (local.get $pixels) (local.get $n)) (i32.const 2)))
    (block $pixelsDone
      (loop $nextPixel
        (br_if $pixelsDone (i32.ge_u (local.get $p) (local.get $pixels)))
        (local.set $ci (i32.const 0))
        (block $channelsDone
          (loop $nextChannels
            (br_if $channelsDone (i32.ge_u (local.get $ci) (local.get $c)))
            (local.set $ni (i32.const 0))
            (block $imagesDone
              (loop $nextImages
                (br_if $imagesDone (i32.ge_u (local.get $ni) (local.get $n)))
                ;; rows: images ni..ni+3 at this pixel, channels ci..ci+3
                (local.set $from
                  (i32.add (local.get $source)
                    (i32.shl
                      (i32.add (i32.mul (i32.add (i32.mul (local.get $ni) (local.get $pixels)) (local.get $p)) (local.get $c))
                        (local.get $ci))
                      (i32.const 2))))
                (local.set $r0 (v128.load (local.get $from)))
                (local.set $r1 (v128.load (i32.add (local.get $from) (local.get $sourceRow))))
                (local.set $r2 (v128.load (i32.add (local.get $from) (i32.shl (local.get $sourceRow) (i32.const 1)))))
                (local.set $r3
                  (v128.load (i32.add (local.get $from) (i32.mul (local.get $sourceRow) (i32.const 3)))))
                ;; 4 × 4 transpose: interleave pairs, then halves
                (local.set $t0 (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $r0) (local.get $r1)))
                (local.set $t1 (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $r0) (local.get $r1)))
                (local.set $t2 (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $r2) (local.get $r3)))
                (local.set $t3 (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $r2) (local.get $r3)))
                ;; columns: channels ci..ci+3, each images ni..ni+3, at this pixel
                (local.set $to
                  (i32.add (local.get $target)
                    (i32.shl
                      (i32.add (i32.mul (i32.add (i32.mul (local.get $ci) (local.get $pixels)) (local.get $p)) (local.get $n))
                        (local.get $ni))
                      (i32.const 2))))
                (v128.store (local.get $to)
                  (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $t0) (local.get $t2)))
                (v128.store (i32.add (local.get $to) (local.get $targetRow))
                  (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $t0) (local.get $t2)))
                (v128.store (i32.add (local.get $to) (i32.shl (local.get $targetRow) (i32.const 1)))
                  (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $t1) (local.get $t3)))
                (v128.store (i32.add (local.get $to) (i32.mul (local.get $targetRow) (i32.const 3)))
                  (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $t1) (local.get $t3)))
                (local.set $ni (i32.add (local.get $ni) (i32.const 4)))
                (br $nextImages)))
            (local.set $ci (i32.add (local.get $ci) (i32.const 4)))
            (br $nextChannels)))
        (local.set $p (i32.add (local.get $p) (i32.const 1)))
        (br $nextPixel))))

  ;; Per-channel Σa and Σa·b over `rows` rows of `channels` numbers (a multiple of 4), in
  ;; float64 and in the same order as the JavaScript loop (so the same results, bit for bit):
  ;; `channels` float64 sums to `sums` and products to `products`. With `withProducts` 0 only
  ;; the sums are taken (and zeros stored as products).
  (func (export "channelSums")
    (param $a i32) (param $b i32) (param $rows i32) (param $channels i32)
    (param $sums i32) (param $products i32) (param $withProducts i32)
    (local $c i32) (local $i i32) (local $end i32) (local $stride i32) (local $offset i32)
    (local $va v128) (local $vp v128)
    (local $s01 v128) (local $s23 v128) (local $p01 v128) (local $p23 v128)
    (local.set $stride (i32.shl (local.get $channels) (i32.const 2)))
    (local.set $end (i32.mul (local.get $rows) (local.get $stride)))
    (block $groupsDone
      (loop $nextGroup
        (br_if $groupsDone (i32.ge_u (local.get $c) (local.get $stride)))
        (local.set $s01 (v128.const i64x2 0 0))
        (local.set $s23 (v128.const i64x2 0 0))
        (local.set $p01 (v128.const i64x2 0 0))
        (local.set $p23 (v128.const i64x2 0 0))
        (local.set $i (local.get $c))
        (if (local.get $withProducts)
          (then
            (block $rowsDone
              (loop $nextRow
                (br_if $rowsDone (i32.ge_u (local.get $i) (local.get $end)))
                (local.set $va (v128.load (i32.add (local.get $a) (local.get $i))))
                (local.set $vp (v128.load (i32.add (local.get $b) (local.get $i))))
                (local.set $s01 (f64x2.add (local.get $s01) (f64x2.promote_low_f32x4 (local.get $va))))
                (local.set $s23 (f64x2.add (local.get $s23)
                  (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $va) (local.get $va)))))
                ;; a·b in float64 (exact for two float32), as the JavaScript loop does
                (local.set $p01 (f64x2.add (local.get $p01)
                  (f64x2.mul (f64x2.promote_low_f32x4 (local.get $va)) (f64x2.promote_low_f32x4 (local.get $vp)))))
                (local.set $p23 (f64x2.add (local.get $p23)
                  (f64x2.mul
                    (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $va) (local.get $va)))
                    (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $vp) (local.get $vp))))))
                (local.set $i (i32.add (local.get $i) (local.get $stride)))
                (br $nextRow))))
          (else
            (block $rowsDone
              (loop $nextRow
                (br_if $rowsDone (i32.ge_u (local.get $i) (local.get $end)))
                (local.set $va (v128.load (i32.add (local.get $a) (local.get $i))))
                (local.set $s01 (f64x2.add (local.get $s01) (f64x2.promote_low_f32x4 (local.get $va))))
                (local.set $s23 (f64x2.add (local.get $s23)
                  (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $va) (local.get $va)))))
                (local.set $i (i32.add (local.get $i) (local.get $stride)))
                (br $nextRow)))))
        ;; channel group c/4 → float64 slots 2·(c/4)…: offset in bytes = 2 × the float32 offset
        (local.set $offset (i32.shl (local.get $c) (i32.const 1)))
        (v128.store (i32.add (local.get $sums) (local.get $offset)) (local.get $s01))
        (v128.store (i32.add (local.get $sums) (i32.add (local.get $offset) (i32.const 16))) (local.get $s23))
        (v128.store (i32.add (local.get $products) (local.get $offset)) (local.get $p01))
        (v128.store (i32.add (local.get $products) (i32.add (local.get $offset) (i32.const 16))) (local.get $p23))
        (local.set $c (i32.add (local.get $c) (i32.const 16)))
        (br $nextGroup))))
)
