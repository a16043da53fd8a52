"""Makes the rival optimizers' reference trajectories (src/test/resources/reference/rivals/*.json).

Runs each published implementation (D-Adaptation, Prodigy, DoG with its averager, Schedule-Free's
*_reference.py files, COCOB from bremen79/parameterfree) on the problem of the gdtuo reference files
(the Iris MLP, the same initial weights and batches, 60 steps, float32, CPU) and records the loss of
every step at the weights the gradient is taken at, the scalar each method adapts, the final
training weights and, for DoG and Schedule-Free, the weights they are evaluated at.

Usage: python3 make_rival_references.py src/test/resources/reference/sgd.json IMPLEMENTATIONS_DIR OUT_DIR
(IMPLEMENTATIONS_DIR holds dadapt_sgd.py, dadapt_adam.py, prodigy.py, dog.py, averager.py,
sgd_sf_ref.py, adamw_sf_ref.py, cocob.py, copied from the repositories named in REFERENCES.)
"""
import json
import math
import os
import sys

import torch

PROBLEM, IMPL, OUT = sys.argv[1], sys.argv[2], sys.argv[3]
sys.path.insert(0, IMPL)
import averager  # noqa: E402
import adamw_sf_ref  # noqa: E402
import cocob  # noqa: E402
import dadapt_adam  # noqa: E402
import dadapt_sgd  # noqa: E402
import dog  # noqa: E402
import prodigy  # noqa: E402
import sgd_sf_ref  # noqa: E402

REFERENCES = {
    "dadapt": "facebookresearch/dadaptation v3.2 @c984980",
    "prodigy": "konstmish/prodigy v1.1.2 @3efb213 (prodigyopt/prodigy.py)",
    "dog": "formll/dog v1.0.3 @8d45cf5 (DoG + PolynomialDecayAverager, gamma 8)",
    "schedulefree": "facebookresearch/schedule_free @70785b5 (*_schedulefree_reference.py)",
    "cocob": "bremen79/parameterfree @8e130f2 (parameterfree/cocob.py)",
}

STEPS = 60
problem_file = json.load(open(PROBLEM))
problem = problem_file["problem"]
initial = problem_file["initial_parameters"]
features = torch.tensor(problem["features"], dtype=torch.float32)
labels = torch.tensor(problem["labels"], dtype=torch.int64)
batches = problem["batches"]


class Mlp(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.layer1 = torch.nn.Linear(4, 8)
        self.layer2 = torch.nn.Linear(8, 3)
        with torch.no_grad():
            for name, p in self.named_parameters():
                p.copy_(torch.tensor(initial[name], dtype=torch.float32))

    def forward(self, x):
        return torch.log_softmax(torch.tanh(self.layer2(torch.tanh(self.layer1(x)))), dim=1)


def weights(model):
    return {name: p.detach().tolist() for name, p in model.named_parameters()}


def run(name, tower, reference, make, scalar=None, evaluation=None):
    torch.manual_seed(0)
    model = Mlp()
    opt, extra = make(model)
    steps = []
    for t in range(STEPS):
        rows = torch.tensor(batches[t % len(batches)])
        if hasattr(opt, "train") and callable(opt.train):
            opt.train()
        opt.zero_grad()
        loss = torch.nn.functional.nll_loss(model(features[rows]), labels[rows])
        loss.backward()
        opt.step()
        if extra is not None:
            extra.step()
        hyper = {} if scalar is None else {scalar[0]: float(scalar[1](opt))}
        steps.append({"step": t, "loss": float(loss.item()), "hyper": hyper})
    out = {
        "tower": tower,
        "reference": reference + ", PyTorch " + torch.__version__ + ", float32, CPU",
        "problem": problem,
        "initial_parameters": initial,
        "steps": steps,
        "final_parameters": weights(model),
        "hyper_keys": "the scalar the method adapts: 0.d = its d estimate after the step (used by the next step); "
        "0.eta = the step size DoG used in the step; none for Schedule-Free and COCOB",
    }
    if evaluation is not None:
        out["evaluation_parameters"] = evaluation(model, opt, extra)
        out["evaluation_note"] = "the weights the method is evaluated at after the last step (DoG: its polynomial " \
            "average; Schedule-Free: x); final_parameters are the weights the gradients are taken at"
    path = os.path.join(OUT, name + ".json")
    with open(path, "w") as f:
        json.dump(out, f, indent=1)
    print(name, "final loss", steps[-1]["loss"], steps[-1]["hyper"])


def group(opt, key):
    value = opt.param_groups[0][key]
    return value[0] if isinstance(value, list) else value


def sf_eval(model, opt, extra):
    opt.eval()
    w = weights(model)
    opt.train()
    return w


def dog_eval(model, opt, avg):
    return weights(avg.averaged_model)


def dog_make(**kw):
    def make(model):
        return dog.DoG(model.parameters(), **kw), averager.PolynomialDecayAverager(model, gamma=8.0)
    return make


configs = [
    ("dadapt_sgd", "dadapt_sgd(d0=0.001)", "dadapt",
     lambda m: (dadapt_sgd.DAdaptSGD(m.parameters(), d0=1e-3), None), ("0.d", lambda o: group(o, "d")), None),
    ("dadapt_sgd_momentum", "dadapt_sgd(d0=0.001, momentum=0.5, wd=0.01)", "dadapt",
     lambda m: (dadapt_sgd.DAdaptSGD(m.parameters(), d0=1e-3, momentum=0.5, weight_decay=0.01), None),
     ("0.d", lambda o: group(o, "d")), None),
    ("dadapt_adam", "dadapt_adam(d0=0.001)", "dadapt",
     lambda m: (dadapt_adam.DAdaptAdam(m.parameters(), d0=1e-3), None), ("0.d", lambda o: group(o, "d")), None),
    ("dadapt_adam_wd", "dadapt_adam(d0=0.0001, beta1=0.8, beta2=0.99, eps=1e-6, wd=0.01)", "dadapt",
     lambda m: (dadapt_adam.DAdaptAdam(m.parameters(), d0=1e-4, betas=(0.8, 0.99), eps=1e-6, weight_decay=0.01),
                None), ("0.d", lambda o: group(o, "d")), None),
    ("prodigy", "prodigy(d0=0.0001)", "prodigy",
     lambda m: (prodigy.Prodigy(m.parameters(), d0=1e-4), None), ("0.d", lambda o: group(o, "d")), None),
    ("prodigy_wd", "prodigy(d0=0.0001, beta1=0.8, beta2=0.99, d_coef=0.25, wd=0.01)", "prodigy",
     lambda m: (prodigy.Prodigy(m.parameters(), d0=1e-4, betas=(0.8, 0.99), d_coef=0.25, weight_decay=0.01), None),
     ("0.d", lambda o: group(o, "d")), None),
    ("dog", "dog(reps_rel=0.001)", "dog", dog_make(reps_rel=1e-3), ("0.eta", lambda o: group(o, "eta")), dog_eval),
    ("dog_wd", "dog(reps_rel=0.001, wd=0.01)", "dog", dog_make(reps_rel=1e-3, weight_decay=0.01),
     ("0.eta", lambda o: group(o, "eta")), dog_eval),
    ("schedulefree_sgd", "schedulefree_sgd(lr=0.5)", "schedulefree",
     lambda m: (sgd_sf_ref.SGDScheduleFreeReference(m.parameters(), lr=0.5), None), None, sf_eval),
    ("schedulefree_sgd_wd", "schedulefree_sgd(lr=0.3, beta=0.8, wd=0.01)", "schedulefree",
     lambda m: (sgd_sf_ref.SGDScheduleFreeReference(m.parameters(), lr=0.3, momentum=0.8, weight_decay=0.01), None),
     None, sf_eval),
    ("schedulefree_adamw", "schedulefree_adamw(lr=0.01)", "schedulefree",
     lambda m: (adamw_sf_ref.AdamWScheduleFreeReference(m.parameters(), lr=0.01), None), None, sf_eval),
    ("schedulefree_adamw_wd", "schedulefree_adamw(lr=0.01, beta1=0.8, beta2=0.99, eps=1e-6, wd=0.01)",
     "schedulefree",
     lambda m: (adamw_sf_ref.AdamWScheduleFreeReference(m.parameters(), lr=0.01, betas=(0.8, 0.99), eps=1e-6,
                                                        weight_decay=0.01), None), None, sf_eval),
    ("cocob", "cocob()", "cocob", lambda m: (cocob.COCOB(m.parameters()), None), None, None),
    ("cocob_alpha50", "cocob(alpha=50.0)", "cocob", lambda m: (cocob.COCOB(m.parameters(), alpha=50.0), None),
     None, None),
]

os.makedirs(OUT, exist_ok=True)
for name, tower, ref, make, scalar, evaluation in configs:
    run(name, tower, REFERENCES[ref], make, scalar, evaluation)
