"""ExaBGP API process (run by exabgp itself): forwards the lines written
to FIFO to exabgp (our stdout) and appends what exabgp tells us (JSON,
our stdin) to OUT, one message per line."""
import os
import sys
import threading


def feed(fifo):
    while True:
        with open(fifo) as f:          # reopened after each writer
            for line in f:
                sys.stdout.write(line)
                sys.stdout.flush()


def main():
    fifo, out = sys.argv[1], sys.argv[2]
    threading.Thread(target=feed, args=(fifo,), daemon=True).start()
    with open(out, "a", buffering=1) as o:
        for line in sys.stdin:
            o.write(line)
    os._exit(0)


if __name__ == "__main__":
    main()
