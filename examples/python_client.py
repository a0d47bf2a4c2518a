#!/usr/bin/env python3
"""Calls a running `geostance serve` from Python with grpcio.

Setup (once):
    pip install grpcio grpcio-tools grpcio-health-checking
    python -m grpc_tools.protoc -Iproto --python_out=examples/gen --grpc_python_out=examples/gen \
        proto/geostance/v1/geostance.proto
Run:
    geostance serve &
    PYTHONPATH=examples/gen python examples/python_client.py [127.0.0.1:50051]
"""
import sys

import grpc
from grpc_health.v1 import health_pb2, health_pb2_grpc

from geostance.v1 import geostance_pb2 as pb
from geostance.v1 import geostance_pb2_grpc as rpc


def main() -> int:
    addr = sys.argv[1] if len(sys.argv) > 1 else "127.0.0.1:50051"
    channel = grpc.insecure_channel(addr)

    health = health_pb2_grpc.HealthStub(channel).Check(health_pb2.HealthCheckRequest())
    print("health:", health_pb2.HealthCheckResponse.ServingStatus.Name(health.status))

    stub = rpc.StanceServiceStub(channel)
    reply = stub.ScoreQuote(
        pb.ScoreQuoteRequest(
            id="q1",
            text="We firmly oppose the unilateral sanctions imposed by Washington, "
            "and our partnership with Moscow has never been stronger.",
            speaker="Mao Ning",
            speaker_country="CN",
        )
    )
    print("sentiment:", pb.Sentiment.Name(reply.sentiment.label))
    for t in reply.targets:
        s = t.scores
        print(f"  {t.target:5} {pb.Stance.Name(t.stance):15} favor={s.favor:.2f} "
              f"against={s.against:.2f} neutral={s.neutral:.2f}")

    try:
        stub.ScoreQuote(pb.ScoreQuoteRequest(id="bad", text=""))
    except grpc.RpcError as e:
        print("empty text:", e.code().name, "-", e.details())
    return 0


if __name__ == "__main__":
    sys.exit(main())
