"""The gilsweep-swift binary from the shell: negative numbers are values, not
options (swift-argument-parser issue #31), and bad input exits non-zero with
exactly one line on stderr that names the real limit."""
import os
import subprocess

import pytest

from helpers import SWIFT, needs_no_asan, needs_swift

pytestmark = needs_swift


def run_swift(*args):
    return subprocess.run([SWIFT, *args], capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize(
    "args, output",
    [
        (["gcd", "-4", "6"], "2"),
        (["gcd", "4", "-6"], "2"),
        (["gcd", "-4", "-6"], "2"),
        (["gcd", "--", "-4", "6"], "2"),
        (["gcd", "-4", "--", "6"], "2"),
        (["gcd", "-0", "0"], "0"),
        (["gcd", "-123456789012345678901234567890", "987654321098765432109876543210"], "9000000000900000000090"),
        (["is-prime", "-7"], "false"),
        (["is-prime", "7"], "true"),
        (["next-prime", "-5"], "2"),
        (["next-prime", "-100000000000000000000000000000"], "2"),
        (["count-primes", "0", "100"], "25"),
        (["count-primes", "--threads", "2", "0", "100"], "25"),
        (["count-primes", "0", "100", "--threads", "2"], "25"),
        (["count-primes", "0", "--threads", "2", "100"], "25"),
        (["count-primes", "0", "100", "--threads=2"], "25"),
        (["count-primes", "0", "1000000", "--threads", "1024"], "78498"),
        (["first-primes", "3"], "2\n3\n5"),
    ],
)
def test_good_input_prints_the_answer(args, output):
    done = run_swift(*args)
    assert (done.returncode, done.stdout, done.stderr) == (0, output + "\n", ""), args


@pytest.mark.parametrize(
    "args, message",
    [
        (["count-primes", "-1", "10"], "LO must not be negative, got -1"),
        (["count-primes", "0", "-10"], "HI must not be negative, got -10"),
        (["count-primes", "0", "10", "--threads", "-1"], "--threads must be at least 1, got -1"),
        (["count-primes", "--threads", "-1", "0", "10"], "--threads must be at least 1, got -1"),
        (["count-primes", "0", "10", "--threads=-1"], "--threads must be at least 1, got -1"),
        (["count-primes", "0", "10", "--threads", "0"], "--threads must be at least 1, got 0"),
        (["count-primes", "0", "10", "--threads", "1025"], "--threads must be at most 1024, got 1025"),
        (["count-primes", "0", "10", "--threads", "100000"], "--threads must be at most 1024, got 100000"),
        # Int.max overflowed the library's piece arithmetic: a crash, not an error.
        (["count-primes", "0", "10", "--threads", "9223372036854775807"],
         "--threads must be at most 1024, got 9223372036854775807"),
        (["count-primes", "0", "10", "--threads", "abc"], "--threads must be a decimal integer, got 'abc'"),
        (["count-primes", "0", "10", "--threads"], "Missing value for '--threads <threads>'"),
        (["count-primes", "5", "3"], "LO must not exceed HI, got LO=5 HI=3"),
        (["first-primes", "-3"], "K must not be negative, got -3"),
        (["first-primes", "1000000001"], "K must be at most 1000000000, got 1000000001"),
        (["first-primes", "18446744073709551616"], "K must be at most 1000000000, got 18446744073709551616"),
        (["churn", "-3"], "N must not be negative, got -3"),
        (["churn", "9223372036854775808"], "N must be at most 9223372036854775807, got 9223372036854775808"),
        (["gcd", "-4"], "Missing expected argument '<b>'"),
        (["gcd", "-4", "6", "8"], "Unexpected argument '8'"),
        # An option the command does not have is named, not the value it displaced.
        (["gcd", "-x", "4"], "Unknown option '-x'"),
        (["is-prime", "-7x"], "Unknown option '-7x'"),
        (["count-primes", "0", "10", "--thread", "2"], "Unknown option '--thread'"),
        (["count-primes", "0", "10", "--threads=x"], "--threads must be a decimal integer, got 'x'"),
    ],
)
def test_bad_input_gives_one_line(args, message):
    done = run_swift(*args)
    assert done.returncode != 0, args
    assert done.stderr == f"gilsweep-swift: {message}\n", args
    assert done.stdout == ""


@pytest.mark.parametrize(
    "args, text",
    [
        (["gcd", "--help"], "any sign"),
        (["gcd", "-h"], "any sign"),
        (["gcd", "-4", "6", "--help"], "any sign"),
        (["count-primes", "--help"], "(1...1024)"),
        (["--help"], "count-primes"),
    ],
)
def test_help_still_works_anywhere(args, text):
    done = run_swift(*args)
    assert done.returncode == 0 and done.stderr == "" and text in done.stdout, args


@pytest.mark.parametrize("args", [["--version"], ["gcd", "-4", "6", "--version"]])
def test_version_still_works(args):
    done = run_swift(*args)
    assert done.returncode == 0 and done.stdout.startswith("gilsweep-swift "), args


@needs_no_asan
def test_in_a_small_address_space_the_count_is_right_or_one_line_of_error():
    # [0, 10^9) with 1024 threads is 14 pieces, so 14 threads. In 256 MB of address
    # space (each thread reserves a stack and a malloc arena) the system refuses
    # some of them, or a started thread its sieve's memory, depending on how the
    # threads' starts interleave. Never a crash, never a wrong count. That the
    # count survives refused threads is the next test's, which refuses threads only.
    import resource

    def limit():
        resource.setrlimit(resource.RLIMIT_AS, (1 << 28, 1 << 28))

    done = subprocess.run([SWIFT, "count-primes", "0", "1000000000", "--threads", "1024"], capture_output=True,
                          text=True, timeout=120, preexec_fn=limit)
    assert (done.returncode, done.stdout, done.stderr) in [(0, "50847534\n", ""),
                                                           (1, "", "gilsweep-swift: out of memory\n")], done


#: The user the thread-refusal test runs the binary as: RLIMIT_NPROC counts that user's
#: threads, and root's are not limited. The limit leaves the Swift runtime its threads (the
#: main one, and a pool of up to one per core) and the count a few, fewer than the 14 it asks for.
NOBODY, THREAD_LIMIT = 65534, 6 + (os.cpu_count() or 1)


@pytest.mark.skipif(os.geteuid() != 0, reason="runs the binary as another user (nobody), which needs root")
@pytest.mark.skipif(THREAD_LIMIT >= 15, reason="with this many cores the limit would not refuse any of the 14 threads")
def test_threads_the_system_refuses_leave_the_count_to_the_others():
    # [0, 10^9) with 1024 threads is 14 threads; at most THREAD_LIMIT tasks of the user
    # may exist, so the system refuses some of them (EAGAIN) and memory is plentiful:
    # the threads that started count it all. Before, that stopped the program (exit 132).
    import resource

    def limit():
        os.setgid(NOBODY)
        os.setuid(NOBODY)
        resource.setrlimit(resource.RLIMIT_NPROC, (THREAD_LIMIT, THREAD_LIMIT))

    try:
        done = subprocess.run([SWIFT, "count-primes", "0", "1000000000", "--threads", "1024"], capture_output=True,
                              text=True, timeout=120, preexec_fn=limit)
    except PermissionError:
        pytest.skip(f"user {NOBODY} cannot run {SWIFT}")
    assert (done.returncode, done.stdout, done.stderr) == (0, "50847534\n", ""), done


def test_churn_prints_the_seconds_it_spun(churn_per_second):
    n = 20_000_000
    done = run_swift("churn", str(n))
    assert done.returncode == 0 and done.stderr == "", done
    # The same C loop as gilsweep's churn: a host stall only lengthens the spin, so it lasts
    # at least about the loop's best time in this process (half of it: another core may be faster).
    assert float(done.stdout) > 0.5 * n / churn_per_second, (done.stdout, churn_per_second)


def test_bench_quick_prints_its_table():
    # --quick leaves out the slow counts; bench itself checks that every sampled prime tests prime.
    done = subprocess.run([SWIFT, "bench", "--quick", "--repeats", "1", "--primes", "100"], capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0 and done.stderr == "", done
    lines = done.stdout.splitlines()
    assert lines[:2] == ["| measurement | gilsweep | peer | peer time | gilsweep / peer |", "|---|---|---|---|---|"]
    assert [line.split(" | ")[0] for line in lines[2:]] == [
        "| count primes in [0, 1e9), 1 thread", "| count primes in 10^8 numbers below 2^64, 1 thread",
        "| is-prime, random 64-bit primes (per call)"]
    assert " | GMP mpz_probab_prime_p(n, 25) | " in lines[-1] and lines[-1].endswith("x |"), lines[-1]
