"""One epoch of Fashion-MNIST with gdtuo, the reference implementation, timed against Hypertower.

Does the work `hypertower train --dataset fashion-mnist --model paper-mlp --hidden 128 --batch-size
256 --epochs 1` does, the way gdtuo's README trains: the papers' MLP 784-128-10 (tanh, tanh,
log_softmax, nll_loss) wrapped in gdtuo.ModuleWrapper with the same tower, one epoch over a seeded
permutation of the 60,000 training images in batches of 256 (the last partial batch dropped, as
Hypertower does), then the test accuracy on the 10,000 test images. Reads the IDX .gz files itself
(gzip and numpy: torchvision is not needed), pixels scaled to [0, 1] as ToTensor does.

`hypertower bench --end-to-end --gdtuo PATH` runs it as a process beside Hypertower's run; it can
also run alone:

    /usr/bin/python3 src/test/python/gdtuo_epoch.py --gdtuo PATH [--tower 'adam(alpha=0.001) / sgd(alpha=1e-05)']
        [--threads 1] [--data-dir /usr/share/datasets/fashion-mnist] [--seed 0]

PATH is a checkout of https://github.com/kach/gradient-descent-the-ultimate-optimizer (or the
GDTUO_PATH environment variable); gdtuo's code is imported from there, never copied here. Prints
where the time went and, last, `test_accuracy=A`.
"""
import argparse
import gzip
import os
import re
import sys
import time

T0 = time.monotonic()

# Hypertower's layer names and the gdtuo classes and arguments they map to
LAYERS = {
    "sgd": ("SGD", ["alpha", "mu"]),
    "adam": ("Adam", ["alpha", "beta1", "beta2"]),
    "adam_baydin": ("AdamBaydin", ["alpha"]),
    "adagrad": ("AdaGrad", ["alpha"]),
    "rmsprop": ("RMSProp", ["alpha", "gamma"]),
    "rmsprop_alpha": ("RMSPropAlpha", ["alpha"]),
}


def fail(message):
    """Says what is wrong in one sentence and exits with 2, as Hypertower's command line does."""
    print("gdtuo_epoch.py: " + message, file=sys.stderr)
    sys.exit(2)


def parse_tower(text):
    """Returns the levels of a tower spec, bottom first, as (gdtuo class name, {argument: value})."""
    levels = []
    for part in text.split("/"):
        m = re.fullmatch(r"\s*([a-z_]+)\s*(?:\((.*)\))?\s*", part)
        if not m or m.group(1) not in LAYERS:
            fail("'%s' is not a level this script knows; use %s." % (part.strip(), ", ".join(LAYERS)))
        name, allowed = LAYERS[m.group(1)]
        args = {}
        for i, item in enumerate(a for a in (m.group(2) or "").split(",") if a.strip()):
            key, _, value = item.partition("=")
            key, value = (key.strip(), value.strip()) if value else (allowed[0] if i == 0 else "", key.strip())
            if key not in allowed:
                fail("%s has no argument '%s' here; it takes %s." % (m.group(1), key, ", ".join(allowed)))
            try:
                args[key] = float(value)
            except ValueError:
                fail("'%s' is not a number (in %s)." % (value, part.strip()))
        levels.append((name, args))
    return levels


def import_gdtuo(path):
    """Imports gdtuo from a checkout (its src/ layout, or a folder holding gdtuo.py)."""
    if not path:
        fail("needs gdtuo's code: give --gdtuo PATH or set GDTUO_PATH to a checkout of "
             "https://github.com/kach/gradient-descent-the-ultimate-optimizer (git clone it).")
    for folder, module in ((os.path.join(path, "src"), "gradient_descent_the_ultimate_optimizer.gdtuo"),
                           (os.path.join(path, "src", "gradient_descent_the_ultimate_optimizer"), "gdtuo"),
                           (path, "gdtuo")):
        if os.path.isfile(os.path.join(folder, *module.split(".")) + ".py"):
            sys.path.insert(0, folder)
            import importlib
            return importlib.import_module(module)
    fail("%s holds no gdtuo.py (looked in src/gradient_descent_the_ultimate_optimizer/ and the folder itself); "
         "give a checkout of https://github.com/kach/gradient-descent-the-ultimate-optimizer." % path)


def read_idx(path, numpy):
    """Reads an IDX file (.gz): a uint8 array of the shape its header gives."""
    with gzip.open(path, "rb") as f:
        data = f.read()
    dims = data[3]
    shape = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(dims)]
    return numpy.frombuffer(data, dtype=numpy.uint8, offset=4 + 4 * dims).reshape(shape)


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--gdtuo", default=os.environ.get("GDTUO_PATH"), help="a checkout of gdtuo")
    p.add_argument("--tower", default="adam(alpha=0.001) / sgd(alpha=1e-05)")
    p.add_argument("--threads", type=int, default=1, help="PyTorch intra-op threads; 0 keeps its default")
    p.add_argument("--data-dir", default="/usr/share/datasets/fashion-mnist")
    p.add_argument("--batch-size", type=int, default=256)
    p.add_argument("--epochs", type=int, default=1)
    p.add_argument("--seed", type=int, default=0)
    a = p.parse_args()
    levels = parse_tower(a.tower)
    gdtuo = import_gdtuo(a.gdtuo)
    files = ["train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz",
             "t10k-labels-idx1-ubyte.gz"]
    missing = [f for f in files if not os.path.isfile(os.path.join(a.data_dir, f))]
    if missing:
        fail("%s lacks %s; give --data-dir the folder of Fashion-MNIST's four .gz files "
             "(Debian: apt-get install dataset-fashion-mnist)." % (a.data_dir, ", ".join(missing)))

    if a.threads > 0:
        # Debian's torch multiplies matrices through the system's BLAS, which has threads of its own
        os.environ.setdefault("OPENBLAS_NUM_THREADS", str(a.threads))
    import math
    import numpy
    import torch
    import torch.nn as nn
    import torch.nn.functional as F
    if a.threads > 0:
        torch.set_num_threads(a.threads)
        torch.set_num_interop_threads(1)
    torch.manual_seed(a.seed)
    blas = os.path.realpath("/usr/lib/x86_64-linux-gnu/libblas.so.3")
    if "BLAS_INFO=generic" in torch.__config__.show() and os.path.basename(os.path.dirname(blas)) == "blas":
        # Debian's reference BLAS: gdtuo's matrix products 10-15x slower than with OpenBLAS
        print("warning: torch uses the reference BLAS (%s); install libopenblas0 for a fair comparison" % blas)
    t_import = time.monotonic()

    train_x = torch.from_numpy(read_idx(os.path.join(a.data_dir, files[0]), numpy).reshape(-1, 784).astype(numpy.float32) / 255)
    train_y = torch.from_numpy(read_idx(os.path.join(a.data_dir, files[1]), numpy).astype(numpy.int64))
    test_x = torch.from_numpy(read_idx(os.path.join(a.data_dir, files[2]), numpy).reshape(-1, 784).astype(numpy.float32) / 255)
    test_y = torch.from_numpy(read_idx(os.path.join(a.data_dir, files[3]), numpy).astype(numpy.int64))
    t_data = time.monotonic()

    class PaperMlp(nn.Module):
        """gdtuo README's MNIST_FullyConnected: tanh, tanh, log_softmax."""

        def __init__(self, num_inp, num_hid, num_out):
            super().__init__()
            self.layer1 = nn.Linear(num_inp, num_hid)
            self.layer2 = nn.Linear(num_hid, num_out)

        def initialize(self):
            nn.init.kaiming_uniform_(self.layer1.weight, a=math.sqrt(5))
            nn.init.kaiming_uniform_(self.layer2.weight, a=math.sqrt(5))

        def forward(self, x):
            return F.log_softmax(torch.tanh(self.layer2(torch.tanh(self.layer1(x)))), dim=1)

    optimizer = gdtuo.NoOpOptimizer()
    for name, args in reversed(levels):
        optimizer = getattr(gdtuo, name)(optimizer=optimizer, **args)
    model = PaperMlp(784, 128, 10)
    mw = gdtuo.ModuleWrapper(model, optimizer=optimizer)
    mw.initialize()

    import warnings
    warnings.filterwarnings("ignore", message="Using backward\\(\\) with create_graph=True")
    generator = torch.Generator().manual_seed(a.seed)
    steps = 0
    loss_sum = 0.0
    for _ in range(a.epochs):
        order = torch.randperm(len(train_x), generator=generator)
        for b in range(len(train_x) // a.batch_size):
            rows = order[b * a.batch_size:(b + 1) * a.batch_size]
            features, labels = train_x[rows], train_y[rows]
            mw.begin()
            pred = mw.forward(features)
            loss = F.nll_loss(pred, labels)
            mw.zero_grad()
            loss.backward(create_graph=True)
            mw.step()
            loss_sum += loss.item()
            steps += 1
    t_train = time.monotonic()

    correct = 0
    with torch.no_grad():
        for b in range(0, len(test_x), 512):
            correct += (model(test_x[b:b + 512]).argmax(1) == test_y[b:b + 512]).sum().item()
    t_test = time.monotonic()
    print("tower %s, %d steps of %d, %d threads, train loss %.4f" % (
        " / ".join(n for n, _ in levels), steps, a.batch_size, torch.get_num_threads(), loss_sum / max(1, steps)))
    print("seconds: imports %.2f, data %.2f, training %.2f, test %.2f (since the interpreter ran this file)" % (
        t_import - T0, t_data - t_import, t_train - t_data, t_test - t_train))
    print("test_accuracy=%.4f" % (correct / len(test_x)))


if __name__ == "__main__":
    main()
