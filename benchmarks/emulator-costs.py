#!/usr/bin/env python3
"""What two of moto's slow paths cost, stock against infra/local/moto_fast.py (benchmarks/README.md, "The emulator's
own costs"):

  1. parsing the fulfilment state machine's definition as declared, which stock moto does at every StartExecution
     (patch 13);
     CPU time of this process, median of 10 after a warm-up, so the machine's load does not change it much;
  2. a FIFO long poll waiting behind a message group in flight (patch 12): the emulator's CPU during a 4-s wait, and
     how long after the delete of the message in flight the next one of the group arrives.

  benchmarks/emulator-costs.py

Starts its own emulators (stock moto_server, then moto_fast.py) on free ports and stops them. Needs moto 5.2.x and
boto3, as infra/local/moto.sh does.
"""
import os
import json
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.request

import boto3

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MOTO_FAST = os.path.join(ROOT, "infra", "local", "moto_fast.py")


def definition():
    """The fulfilment definition with infra/topology.json's substitutions; a queue URL as a placeholder (nothing runs)."""
    with open(os.path.join(ROOT, "infra", "topology.json")) as f:
        machine = next(m for m in json.load(f)["stateMachines"] if m["name"] == "fulfillment")
    with open(os.path.join(ROOT, "infra", machine["definition"])) as f:
        text = f.read()
    for name, value in machine["definitionSubstitutions"].items():
        if isinstance(value, str) and value.startswith("queueUrl:"):
            value = "http://localhost/queue/" + value[len("queueUrl:"):]
        text = text.replace('"${%s}"' % name, json.dumps(value)).replace("${%s}" % name, str(value))
    return text


def parse_cost(parse, text):
    parse(text)
    samples = []
    for _ in range(10):
        started = time.process_time()
        parse(text)
        samples.append((time.process_time() - started) * 1000)
    return statistics.median(samples)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def blocked_poll(command):
    port = free_port()
    emulator = subprocess.Popen(command + ["-H", "127.0.0.1", "-p", str(port)], stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
    try:
        endpoint = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                urllib.request.urlopen(endpoint + "/moto-api/", timeout=1)
                break
            except OSError:
                time.sleep(0.1)
        sqs = boto3.client("sqs", endpoint_url=endpoint, region_name="us-east-1", aws_access_key_id="test",
                           aws_secret_access_key="test")
        queue = sqs.create_queue(QueueName="blocked.fifo", Attributes={"FifoQueue": "true"})["QueueUrl"]
        for i in range(2):
            sqs.send_message(QueueUrl=queue, MessageBody=f"order {i}", MessageGroupId="customer",
                             MessageDeduplicationId=str(i))
        in_flight = sqs.receive_message(QueueUrl=queue, VisibilityTimeout=30)["Messages"][0]
        received = {}

        def poll():
            answer = sqs.receive_message(QueueUrl=queue, WaitTimeSeconds=20, VisibilityTimeout=30)
            received["at"] = time.monotonic()
            received["bodies"] = [message["Body"] for message in answer.get("Messages", [])]

        before = cpu_seconds(emulator.pid)
        waiting = threading.Thread(target=poll)
        waiting.start()
        time.sleep(4)
        spent = cpu_seconds(emulator.pid) - before
        deleted = time.monotonic()
        sqs.delete_message(QueueUrl=queue, ReceiptHandle=in_flight["ReceiptHandle"])
        waiting.join()
        return spent, (received["at"] - deleted) * 1000, received["bodies"]
    finally:
        emulator.terminate()
        emulator.wait()


def main():
    from moto.stepfunctions.parser.asl.parse.asl_parser import AmazonStateLanguageParser

    text = definition()
    stock_parse = parse_cost(AmazonStateLanguageParser.parse, text)
    stock_poll = blocked_poll([os.path.join(os.path.dirname(sys.executable), "moto_server")])
    sys.argv = [sys.argv[0]]
    import importlib.util
    spec = importlib.util.spec_from_file_location("moto_fast", MOTO_FAST)
    spec.loader.exec_module(importlib.util.module_from_spec(spec))
    fast_parse = parse_cost(AmazonStateLanguageParser.parse, text)
    fast_poll = blocked_poll([sys.executable, MOTO_FAST])

    print(f"load {os.getloadavg()[0]:.1f}")
    print(f"parse fulfillment.asl.json, CPU ms (median of 10): stock {stock_parse:.0f}, moto_fast {fast_parse:.0f}")
    for name, (spent, latency, bodies) in (("stock", stock_poll), ("moto_fast", fast_poll)):
        print(f"{name}: emulator CPU during a 4-s poll behind a group in flight {spent:.2f} s; "
              f"next message {bodies} {latency:.0f} ms after the delete")


if __name__ == "__main__":
    main()
