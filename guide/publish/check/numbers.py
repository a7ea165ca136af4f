def check(policy_file):
    return [], []
