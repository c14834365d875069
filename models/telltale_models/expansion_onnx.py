"""The expansion graph: three calibrated probability heads and the expected amount, one ONNX model.

`build_onnx` writes the heads p_30d / p_90d / p_365d (trees + Platt) and the amount trees' raw
output (log1p of the amount among expanders, centred on the training mean); this module folds the
amount into expected_amount = p_365d * max(0, smearing * (exp(offset + trees) - 1)) so the graph
outputs exactly what the card promises. The trees fit the centred target so their float32 sum stays
near 0: summed around log1p(amount) ~ 9 over hundreds of trees, float32 rounding alone would move
the amount by about 2e-5 of itself.
"""

from __future__ import annotations

import lightgbm as lgb
import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

from .onnx_export import OnnxHead, build_onnx
from .platt import PlattCalibration

PROBABILITY_OUTPUTS = {30: "p_30d", 90: "p_90d", 365: "p_365d"}
AMOUNT_OUTPUT = "expected_amount"
_LOG_AMOUNT = "amount_log1p"


def build_expansion_onnx(
    heads: dict[int, tuple[lgb.Booster, PlattCalibration]], amount_booster: lgb.Booster, log_offset: float, smearing: float, n_features: int
) -> onnx.ModelProto:
    onnx_heads = [OnnxHead(PROBABILITY_OUTPUTS[h], booster, platt.a, platt.b) for h, (booster, platt) in sorted(heads.items())]
    model = build_onnx([*onnx_heads, OnnxHead(_LOG_AMOUNT, amount_booster)], n_features, "telltale_expansion")
    graph = model.graph
    kept = [o for o in graph.output if o.name != _LOG_AMOUNT]
    del graph.output[:]
    graph.output.extend(kept)
    graph.initializer.extend(
        [numpy_helper.from_array(np.array([log_offset], np.float32), "amount_log_offset"), numpy_helper.from_array(np.array([1.0], np.float32), "amount_one"), numpy_helper.from_array(np.array([smearing], np.float32), "amount_smearing")]
    )
    graph.node.extend(
        [
            helper.make_node("Add", [_LOG_AMOUNT, "amount_log_offset"], ["amount_log"], name="amount_uncenter"),
            helper.make_node("Exp", ["amount_log"], ["amount_exp"], name="amount_exp"),
            helper.make_node("Sub", ["amount_exp", "amount_one"], ["amount_expm1"], name="amount_expm1"),
            helper.make_node("Mul", ["amount_expm1", "amount_smearing"], ["amount_smeared"], name="amount_smear"),
            helper.make_node("Relu", ["amount_smeared"], ["amount_if_expanding"], name="amount_floor"),
            helper.make_node("Mul", ["amount_if_expanding", PROBABILITY_OUTPUTS[365]], [AMOUNT_OUTPUT], name="amount_expected"),
        ]
    )
    graph.output.append(helper.make_tensor_value_info(AMOUNT_OUTPUT, TensorProto.FLOAT, [None, 1]))
    onnx.checker.check_model(model, full_check=True)
    return model
