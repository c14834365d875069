"""One ONNX graph for one or more LightGBM boosters, each head's output already final.

Every booster is converted with onnxmltools (zipmap off), its tree ensemble is rewritten as an
`ai.onnx.ml` TreeEnsembleRegressor that returns the raw margin, and a calibrated head adds
Mul/Add/Sigmoid, so the graph outputs exactly what the card promises and the scorer needs nothing
else. All heads read one named float input of shape [N, n_features] (manifest order).
"""

from __future__ import annotations

from dataclasses import dataclass

import lightgbm as lgb
import numpy as np
import onnx
import onnxmltools
import onnxruntime as ort
from onnx import TensorProto, helper, numpy_helper
from onnxmltools.convert.common.data_types import FloatTensorType

INPUT_NAME = "features"
OPSET_ONNX = 15
OPSET_ONNX_ML = 3
_CONVERTER_OPSET = 15


@dataclass(frozen=True)
class OnnxHead:
    """One output of the graph: sigmoid(platt_a * margin + platt_b) when calibrated, else the margin."""

    output: str
    booster: lgb.Booster
    platt_a: float | None = None
    platt_b: float | None = None


def _tree_attributes(booster: lgb.Booster, n_features: int) -> dict[str, object]:
    converted = onnxmltools.convert_lightgbm(
        booster, initial_types=[(INPUT_NAME, FloatTensorType([None, n_features]))], target_opset=_CONVERTER_OPSET, zipmap=False
    )
    ensembles = [n for n in converted.graph.node if n.op_type.startswith("TreeEnsemble")]
    if len(ensembles) != 1:
        raise ValueError(f"expected one tree ensemble in the converted booster, found {len(ensembles)}")
    attributes: dict[str, object] = {}
    for attribute in ensembles[0].attribute:
        name = attribute.name.replace("class_", "target_")
        if name in ("post_transform", "classlabels_int64s", "classlabels_strings", "n_targets", "aggregate_function"):
            continue
        attributes[name] = helper.get_attribute_value(attribute)
    # A binary classifier's single score column is the raw margin of the positive class.
    attributes["target_ids"] = [0] * len(attributes["target_nodeids"])  # type: ignore[arg-type]
    return attributes


def build_onnx(heads: list[OnnxHead], n_features: int, graph_name: str) -> onnx.ModelProto:
    nodes: list[onnx.NodeProto] = []
    initializers: list[onnx.TensorProto] = []
    outputs: list[onnx.ValueInfoProto] = []
    for index, head in enumerate(heads):
        margin = f"{head.output}_margin" if head.platt_a is not None else head.output
        nodes.append(
            helper.make_node(
                "TreeEnsembleRegressor",
                [INPUT_NAME],
                [margin],
                name=f"trees_{index}",
                domain="ai.onnx.ml",
                n_targets=1,
                aggregate_function="SUM",
                post_transform="NONE",
                **_tree_attributes(head.booster, n_features),
            )
        )
        if head.platt_a is not None and head.platt_b is not None:
            a, b = f"{head.output}_platt_a", f"{head.output}_platt_b"
            initializers += [numpy_helper.from_array(np.array([head.platt_a], np.float32), a), numpy_helper.from_array(np.array([head.platt_b], np.float32), b)]
            nodes += [
                helper.make_node("Mul", [margin, a], [f"{head.output}_scaled"], name=f"platt_scale_{index}"),
                helper.make_node("Add", [f"{head.output}_scaled", b], [f"{head.output}_logit"], name=f"platt_shift_{index}"),
                helper.make_node("Sigmoid", [f"{head.output}_logit"], [head.output], name=f"platt_sigmoid_{index}"),
            ]
        outputs.append(helper.make_tensor_value_info(head.output, TensorProto.FLOAT, [None, 1]))
    graph = helper.make_graph(
        nodes,
        graph_name,
        [helper.make_tensor_value_info(INPUT_NAME, TensorProto.FLOAT, [None, n_features])],
        outputs,
        initializer=initializers,
    )
    model = helper.make_model(
        graph,
        opset_imports=[helper.make_opsetid("", OPSET_ONNX), helper.make_opsetid("ai.onnx.ml", OPSET_ONNX_ML)],
        producer_name="telltale_models",
        ir_version=8,
    )
    onnx.checker.check_model(model, full_check=True)
    return model


def run_onnx(model_bytes: bytes, x: np.ndarray) -> dict[str, np.ndarray]:
    """Scores float32 rows with onnxruntime on one thread; returns every output by name, flattened."""
    options = ort.SessionOptions()
    options.intra_op_num_threads = 1
    options.inter_op_num_threads = 1
    session = ort.InferenceSession(model_bytes, sess_options=options, providers=["CPUExecutionProvider"])
    names = [o.name for o in session.get_outputs()]
    values = session.run(names, {INPUT_NAME: np.ascontiguousarray(x, dtype=np.float32)})
    return {name: np.asarray(value).reshape(-1) for name, value in zip(names, values)}
