#!/usr/bin/env python3
"""What moto's slow paths cost, stock against infra/local/moto_fast.py (benchmarks/measurements.md, "The emulator's
own costs"):

  1. parsing the fulfilment state machine's definition as declared, which stock moto does at every StartExecution
     (patch 13);
     CPU time of this process, median of 10 after a warm-up, so the machine's load does not change it much;
  2. a FIFO long poll waiting behind a message group in flight (patch 12): the emulator's CPU during a 4-s wait, and
     how long after the delete of the message in flight the next one of the group arrives;
  3. what a finished fulfilment execution leaves behind in moto_fast (patches 17 and 18): objects the garbage collector
     tracks and resident memory per execution, over 600 executions answered by this script, and the longest full
     collection meanwhile. Stock moto cannot run a second execution (patch 5), so this one has no stock figure;
  4. the request path (patches 15, 19 and 20): the emulator's CPU per SendMessage, ReceiveMessage and DeleteMessage
     of one message, over 1,000 such rounds from one boto3 client.

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


def definition(queue_url="http://localhost/queue/"):
    """The fulfilment definition with infra/topology.json's substitutions; its task queue at queue_url."""
    with open(os.path.join(ROOT, "infra", "topology.json")) as f:
        machine = next(m for m in json.load(f)["stateMachines"] if m["name"] == "fulfillment")
    with open(os.path.join(ROOT, "infra", machine["definition"])) as f:
        text = f.read()
    for name, value in machine["definitionSubstitutions"].items():
        if isinstance(value, str) and value.startswith("queueUrl:"):
            value = queue_url + value[len("queueUrl:"):]
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


def started(command):
    port = free_port()
    emulator = subprocess.Popen(command + ["-H", "127.0.0.1", "-p", str(port)], stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
    endpoint = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(endpoint + "/moto-api/", timeout=1)
            break
        except OSError:
            time.sleep(0.1)
    return emulator, boto3.client("sqs", endpoint_url=endpoint, region_name="us-east-1", aws_access_key_id="test",
                                  aws_secret_access_key="test")


def blocked_poll(command):
    emulator, sqs = started(command)
    try:
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


def request_path(command, rounds=1000):
    """The emulator's CPU ms per round of SendMessage, ReceiveMessage and DeleteMessage, after 100 rounds' warm-up."""
    emulator, sqs = started(command)
    try:
        queue = sqs.create_queue(QueueName="requests")["QueueUrl"]

        def one_round(i):
            sqs.send_message(QueueUrl=queue, MessageBody='{"orderId":"%d","total":"12.50"}' % i,
                             MessageAttributes={"traceparent": {"DataType": "String", "StringValue": "00-1-2-01"}})
            for message in sqs.receive_message(QueueUrl=queue, MaxNumberOfMessages=10,
                                               MessageAttributeNames=["All"]).get("Messages", []):
                sqs.delete_message(QueueUrl=queue, ReceiptHandle=message["ReceiptHandle"])

        for i in range(100):
            one_round(i)
        before = cpu_seconds(emulator.pid)
        for i in range(rounds):
            one_round(i)
        return (cpu_seconds(emulator.pid) - before) * 1000 / rounds
    finally:
        emulator.terminate()
        emulator.wait()


def execution_leftovers(executions=600, shipments=2):
    """Runs in this process after moto_fast's patches: a threaded moto server, the fulfilment state machine, and this
    thread answering every task as fulfillment-service would (ValidateOrder splits the order into two shipments)."""
    import gc
    from moto.server import ThreadedMotoServer

    port = free_port()
    os.environ["MOTO_PORT"] = str(port)  # where Step Functions' task calls go (moto.sh sets it the same way)
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    full_collections = {"started": 0.0, "longest": 0.0}

    def time_full_collections(phase, info):
        if info["generation"] == 2 and phase == "start":
            full_collections["started"] = time.perf_counter()
        elif info["generation"] == 2:
            full_collections["longest"] = max(full_collections["longest"],
                                              time.perf_counter() - full_collections["started"])

    try:
        endpoint = f"http://127.0.0.1:{port}"
        urllib.request.urlopen(urllib.request.Request(
            endpoint + "/moto-api/config", method="POST", headers={"Content-Type": "application/json"},
            data=json.dumps({"stepfunctions": {"execute_state_machine": True}}).encode()))
        clients = dict(endpoint_url=endpoint, region_name="us-east-1", aws_access_key_id="test",
                       aws_secret_access_key="test")
        sqs, sfn = boto3.client("sqs", **clients), boto3.client("stepfunctions", **clients)
        queue_url = sqs.create_queue(QueueName="fulfillment-tasks")["QueueUrl"]  # the name in infra/topology.json
        machine = sfn.create_state_machine(name="fulfillment", definition=definition(queue_url.rsplit("/", 1)[0] + "/"),
                                           roleArn="arn:aws:iam::123456789012:role/fulfillment")["stateMachineArn"]

        def run(count, first):
            # 100 at a time: the threads of executions in flight would otherwise count as what they leave behind
            for batch in range(first, first + count, 100):
                run_batch(batch, min(100, first + count - batch))

        def run_batch(first, count):
            for number in range(first, first + count):
                sfn.start_execution(stateMachineArn=machine, name=f"order-{number}",
                                    input=json.dumps({"orderId": f"order-{number}", "traceparent": "00-0-0-01"}))
            while sfn.list_executions(stateMachineArn=machine, statusFilter="RUNNING")["executions"]:
                for message in sqs.receive_message(QueueUrl=queue_url, MaxNumberOfMessages=10,
                                                   WaitTimeSeconds=1).get("Messages", []):
                    task = json.loads(message["Body"])
                    output = {"shipments": [{"shipmentId": f"s{i}", "warehouse": f"w{i}"} for i in range(shipments)]} \
                        if task["step"] == "ValidateOrder" else {}
                    sfn.send_task_success(taskToken=task["taskToken"], output=json.dumps(output))
                    sqs.delete_message(QueueUrl=queue_url, ReceiptHandle=message["ReceiptHandle"])

        def footprint():
            gc.collect()
            with open("/proc/self/status") as status:
                rss_kb = int(next(line for line in status if line.startswith("VmRSS")).split()[1])
            return len(gc.get_objects()), rss_kb

        run(200, 0)  # warm-up: clients, caches, the first executions' one-off allocations
        before = footprint()
        gc.callbacks.append(time_full_collections)
        run(executions, 200)
        gc.callbacks.remove(time_full_collections)
        after = footprint()
        succeeded = sum(len(page["executions"]) for page in sfn.get_paginator("list_executions").paginate(
            stateMachineArn=machine, statusFilter="SUCCEEDED"))
        return ((after[0] - before[0]) / executions, (after[1] - before[1]) / executions, after[0],
                full_collections["longest"] * 1000, succeeded)
    finally:
        server.stop()


def main():
    from moto.stepfunctions.parser.asl.parse.asl_parser import AmazonStateLanguageParser

    text = definition()
    stock_parse = parse_cost(AmazonStateLanguageParser.parse, text)
    stock_server = [os.path.join(os.path.dirname(sys.executable), "moto_server")]
    stock_poll = blocked_poll(stock_server)
    stock_round = request_path(stock_server)
    sys.argv = [sys.argv[0]]
    import importlib.util
    spec = importlib.util.spec_from_file_location("moto_fast", MOTO_FAST)
    spec.loader.exec_module(importlib.util.module_from_spec(spec))
    fast_parse = parse_cost(AmazonStateLanguageParser.parse, text)
    fast_poll = blocked_poll([sys.executable, MOTO_FAST])
    fast_round = request_path([sys.executable, MOTO_FAST])
    objects, memory_kb, tracked, longest_ms, succeeded = execution_leftovers()

    print(f"load {os.getloadavg()[0]:.1f}")
    print(f"parse fulfillment.asl.json, CPU ms (median of 10): stock {stock_parse:.0f}, moto_fast {fast_parse:.0f}")
    for name, (spent, latency, bodies) in (("stock", stock_poll), ("moto_fast", fast_poll)):
        print(f"{name}: emulator CPU during a 4-s poll behind a group in flight {spent:.2f} s; "
              f"next message {bodies} {latency:.0f} ms after the delete")
    print(f"emulator CPU per SendMessage + ReceiveMessage + DeleteMessage, ms (mean of 1,000): stock {stock_round:.1f}, "
          f"moto_fast {fast_round:.1f}")
    print(f"moto_fast: a finished fulfilment execution leaves {objects:.0f} objects and {memory_kb:.0f} KB behind "
          f"({succeeded} executions succeeded; {tracked} objects tracked at the end; longest full collection "
          f"meanwhile {longest_ms:.0f} ms)")


if __name__ == "__main__":
    main()
