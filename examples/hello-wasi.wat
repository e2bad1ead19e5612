;; A WASI preview 1 command that prints "Hello, WASI!" to standard output.
;;   cilantro validate examples/hello-wasi.wat
(module
  ;; fd_write(fd, iovs, iovs_len, nwritten) -> errno
  (import "wasi_snapshot_preview1" "fd_write"
    (func $fd_write (param i32 i32 i32 i32) (result i32)))
  ;; proc_exit(code): does not return
  (import "wasi_snapshot_preview1" "proc_exit"
    (func $proc_exit (param i32)))

  (memory (export "memory") 1)

  ;; The message at offset 16 (13 bytes).
  (data (i32.const 16) "Hello, WASI!\n")

  (func (export "_start")
    (local $errno i32)
    ;; One iovec at offset 0: { buf = 16, buf_len = 13 }.
    (i32.store (i32.const 0) (i32.const 16))
    (i32.store (i32.const 4) (i32.const 13))
    ;; Write it to fd 1 (stdout); the number of bytes written goes to offset 8.
    (local.set $errno
      (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))
    ;; Exit with status 1 if the write failed, else just return (status 0).
    (if (local.get $errno)
      (then (call $proc_exit (i32.const 1)))))
)
